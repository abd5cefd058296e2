// The source panel beside the chat (wide screens): "Show it in the whole article" asks the
// server for the whole document; once it arrives, the panel (not the page) scrolls to the
// passage.
element.addEventListener("click", (event) => {
  const button = event.target.closest("button.whole-article");
  if (button) trigger("select", {index: [Number(button.dataset.turn), Number(button.dataset.n)], value: null});
});
watch("value", () => {
  const scroller = element.querySelector(".panel");
  const passage = element.querySelector(".cited-passage");
  if (scroller && passage) scroller.scrollTop = passage.offsetTop - scroller.offsetTop - 12;
  // The button pressed is gone with the old content: keep the keyboard in the panel.
  const whole = element.querySelector(".whole");
  if (whole) { whole.tabIndex = -1; whole.focus({preventScroll: true}); }
});
