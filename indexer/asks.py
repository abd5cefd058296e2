"""Asks that need a kind of statement, so the answer can say plainly when the sources are silent.

A dose needs a dose, a cost needs a cost, "is it contagious" needs a statement about contagion,
"how long do people live with PLS" a line on living or dying. When none of the lines found
carries one, the sources do not answer it, however well the lines match the condition (fit.py
checks the lines; the reply names what was asked: "The sources here don't give doses.").

    ask_of(question) -> Ask | None       the first of ASKS the question asks

What an ask is, and how it is heard in a question, is ask_type.Ask.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .ask_type import PERSON_NAME, Ask
from .statements import CONDITION_END, FIGURE, GENE_CODE, LIVING_WORDS, MODAL, SEEN, SOON, TREATMENT_WORDS, one_of

# An amount asked for: "how many milligrams", "200 mg" ("How many MG cases" is myasthenia gravis).
AMOUNT_ASKED = (r"how many ((?-i:mg)|milligrams?|micrograms?|mcg|units)", r"\d+\s?(mg|mcg)", r"milligrams?",
                r"micrograms?")

# In the order they are tried: the first the question asks is the one checked.
ASKS = (
    # An amount asked ("how many milligrams of diazepam…") needs an amount of what was asked: "high
    # doses of diazepam" gives none, "300 milligrams of indomethacin" another drug's.
    Ask("dose", one_of(*AMOUNT_ASKED),
        re.compile(r"\d[\d.,]*\s*(mg|mcg|µg|milligrams?|micrograms?|units|iu|g|grams?)\b", re.I),
        "The sources here don't give doses.", about_named=False, of_a_thing="always"),
    Ask("dose", one_of(*AMOUNT_ASKED, r"how many (pills|tablets)", r"(?<![-\w])doses?", "dosage", "dosing",
                       r"how much [\w ]{0,30}should (i|he|she|they|you|we) take"),
        one_of(r"\d+\s?(mg|milligrams?)", r"(?<![-\w])doses?", "dosage", "dosing"),
        "The sources here don't give doses.", about_named=False),
    # How often a drug is given or a test done ("how often do you get natalizumab infusions").
    # (Only "how often" is the ask's own words: what is given is what it is about.)
    Ask("schedule", re.compile(r"\bhow often(?= (do|does|should|would|will|is|are|can) [^?]*\b(infusions?|injections?|"
                               r"shots?|pills?|tablets?|doses?|given|taken|done|repeated|needed)\b)", re.I),
        one_of(r"every (\d+|other|few) (days?|weeks?|months?|years?)", r"(once|twice|\d+ times) (a|per|every) "
               r"(day|week|month|year)", r"(?<![-\w])doses?"),
        "The sources here don't give a schedule for {about}.", of_a_thing="always"),
    # ("afford it", "afford edaravone", "affordable"; not "can't afford to stop working")
    Ask("cost", one_of(r"costs?", "price", r"pa(y|id) for", r"insur\w*", "medicare", "medicaid", "expensive", "cheap",
                       r"afford(able|ability)?(?! to (stop|miss|lose|wait|hire|quit|take|work|leave|go|be|keep)\b)"),
        re.compile(r"(\bcosts?\b|\bprice|\binsur|\bafford|\bexpensive|\$\s?\d)", re.I),
        "The sources here don't cover costs or insurance.", about_named=False),
    Ask("contagion", one_of("contagious", "infectious", r"catch (it|als|this|that)", "caught from",
                            "spread from person"),
        one_of("contagious", "infectious", r"transmit\w*", "catch",     # ("cannot spread from person to person")
               r"(spread|pass)\w* (from )?(one )?person to (another |a )?person", "person-to-person"),
        "The sources here don't say whether {about} is contagious."),
    Ask("side effects", one_of(r"side[- ]effects?", r"adverse (effects?|reactions?)"),
        one_of(r"side[- ]effects?", "adverse"),
        "The sources here don't describe the side effects of {about}.", of_a_thing="always"),
    # "How accurate is the antibody test?" needs a line on its accuracy, not "an accurate ALS diagnosis".
    # (not a symptom's "heat sensitivity")
    Ask("accuracy", one_of(r"how (accurate|reliable)", "accuracy", r"false (positives?|negatives?)",
                           r"(sensitivity|specificity) of"),
        one_of(r"(is|are) (very |highly |quite |not )?(accurate|reliable)",
               r"(sensitivity|specificity) (of|is|was)",
               r"false (positives?|negatives?)", r"\d+\s?(%|percent)"),
        "The sources here don't give the accuracy of {about}.", of_phrase_after=True, of_a_thing="always"),
    # "How close are scientists to a cure?", "any ALS clinical trials I could join?": research, not treatment
    # (not "research says veterans are at higher risk", "my dad is in a trial", "trial and error").
    Ask("research", one_of(r"(any|are there|is there|find|join|sign (\w+ )?up for|enrol+ (\w+ )?in|recruiting|"
                           r"which|what|new|ongoing|current) ([\w'-]+ ){0,3}?(clinical |drug )?trials?(?! and error)",
                           r"(close|closer|near) ([\w'-]+ ){0,3}?to (a |finding (a )?)?(cure|curing)",
                           r"(promising|new|latest|ongoing|current) (research|studies)", r"research (is )?being done"),
        one_of(r"trials?", r"research\w*", "experimental", "investigational"),     # (not "nerve conduction study")
        "The sources here don't cover research or clinical trials on {about}.", in_asking_sentence=True,
        of_a_thing="unnamed"),
    Ask("recovery", re.compile(r"\bhow long (is|does|will|would) [^?,]*\brecover(y|ing)?\b|\brecovery time\b|"
                               r"\bhow long to recover\b", re.I),
        one_of(r"minutes?", r"hours?", r"days?", r"weeks?", r"months?", r"years?"),
        "The sources here don't say how long recovery from {about} takes.", of_a_thing="always"),
    # (Only "how long" is the ask's own words: what takes long is what it is about.)
    Ask("duration", re.compile(r"\bhow long(?= (does|do|will|would|is|are)\b[^?]*\b(take|last|lasts|go on)\b)", re.I),
        one_of(r"minutes?", r"hours?", r"days?", r"weeks?", r"months?", r"years?", r"decades?"),
        "The sources here don't say how long {about} takes or lasts.", of_a_thing="always"),
    # "At what age does Kennedy's disease start?" needs an age or a time of life (not "…do people die").
    Ask("onset age", one_of(r"(at )?what ages?(?![^?]*\b(die[sd]?|death|should|tested|testing|screen\w*))",
                            r"how old (are|is|were|was) [^?]*\b(when|get|gets|start|starts|develop)",
                            r"age of onset", r"onset age", r"how young"),
        one_of(r"ages?", r"aged", "years old", r"adult\w*", "childhood", r"child(ren)?", r"infan\w*", r"teens?",
               r"older", r"younger", r"\d+s", r"middle[- ]aged?", "later in life", "elderly", "birth"),
        "The sources here don't say at what age {about} starts."),
    # "What is the other name for ALS?" needs a line that calls it something else (not "what is the test for
    # MG called", nor a name given in passing: "Kennedy's disease (also called SBMA)", ", also known as SBMA").
    Ask("other name", one_of(r"other names?", r"another name", r"what else (is|are) [\w' -]{1,40} (called|known as)",
                             r"(also|else) (called|known as)(?=\s*(\?|$|what\b))",
                             r"(?<![,(–-] )(?<![,(–-])(also|else) (called|known as)"),
        # (or a condition's name beside its acronym: "Primary lateral sclerosis (PLS)", "ALS (Amyotrophic Lateral
        # Sclerosis)"; not "Relapsing-remitting MS (RRMS)", a kind of MS; or its term: "Pinched nerves (radiculopathy)")
        re.compile(r"(?i:\b(called|known as|aka|a\.k\.a|named)\b)|(?i:\b" + CONDITION_END + r")\s+\([A-Z]{2,6}\)|"
                   r"\b[A-Z]{2,6} \((?i:[a-z][\w' -]{2,60}" + CONDITION_END + r")\)|"
                   r"(?i:\b[a-z][\w-]+ \([a-z]+(ism|itis|osis|opathy|emia|ia)\))"),
        "The sources here don't give another name for {about}.", states_names=True),
    # A rate is a figure ("the 5-year survival rate"), not "a few years" nor riluzole's "three to six months".
    Ask("rate", one_of(r"(survival|death|mortality|success|recurrence) rates?"), re.compile(FIGURE, re.I),
        "The sources here don't give that figure for {about}."),
    # The chance of passing it on needs a figure ("up to a 50 percent chance"), not "some cases involve inherited
    # mutations" (not "what are the odds my new twitches are ALS", which "the likelihood … is low" answers).
    Ask("inheritance odds", one_of(r"(odds|chances?) [^?.]{0,60}?\b(inherit\w*|pass\w* ([\w'-]+ ){0,3}?(on|down)\b|"
                                   r"(get|gets|getting|develop|have) (it|this|that|the gene)\b|"
                                   r"(get|gets|getting) [^?.]{1,40}?\bfrom (me|us|him|her|them|my|their)\b)"),
        re.compile(FIGURE, re.I), "The sources here don't give the odds of inheriting {about}.", qualified=True),
    # A number asked for needs a number: "rare" does not say what percentage or how many.
    Ask("figure", one_of(r"what percent(age)?", r"percentages?", r"percent chance", r"what (proportion|fraction|share)",
                         r"how many (people|persons|patients|cases|men|women|children|americans)",
                         # new cases ("how many new ALS cases…"), not a share ("…are sporadic": "the majority")
                         r"how many new ([\w'-]+ ){0,2}?(people|patients|cases|diagnos[ie]s)",
                         r"how many times (more|less)", r"(1|one) in how many", r"lifetime risk"),
        re.compile(FIGURE, re.I),
        "The sources here don't give that figure for {about}."),
    # A temperature asked as a value ("at exactly what temperature does a fever trigger a seizure") needs
    # degrees of what was asked: "a body temperature higher than normal" gives none, nor does a dose in mg.
    # (Not "what temperature changes can people with ALS feel": no value asked.)
    Ask("level", one_of(r"at (exactly |about |roughly )?what (body )?temperature",
                        r"what(?:'s|’s| is)? (the )?(body )?temperature (is|counts|would be) ([\w'-]+ ){0,2}?"
                        r"(too|considered|dangerous|safe|normal|a fever|high|low)",
                        r"how high (a |of a |does |should |can )?(the )?(fever|temperature)"),
        re.compile(r"\d[\d.,]*\s*(°|degrees?\b)", re.I), "The sources here don't give that number.",
        about_named=False, of_a_thing="always"),
    # A level, range or cut-off asked as a value ("what number counts as…", "what TSH level means…") needs a
    # number: "low B12 levels" gives none. (Not "what blood levels do they check", "the number one symptom",
    # "what range of symptoms"; "What age range…" is the onset age ask, above.)
    Ask("level", one_of(r"whats?(?:'s|’s| is| are)? (?!ages?\b)([\w'-]+ ){0,4}?"
                        r"(numbers?|levels?|cut-?offs?|ranges?|values?)"
                        r"(( [\w'-]+){0,4}? (is|are|counts?|means?|suggests?|indicates?|shows?|would be)|(?=\s*\?))",
                        r"normal ([\w'-]+ ){0,2}(ranges?|levels?|values?)", r"cut-?offs?"),
        re.compile(r"\d[\d.,]*\s*(%|percent|(mg|mcg|µg|ng|pg|g|iu|u|mmol|µmol|nmol|mmhg|mm|cm|ml|dl|l)\b)", re.I),
        "The sources here don't give that number for {about}."),
    Ask("frequency", one_of("how common", "how rare", "incidence", "prevalence",
                            r"(more|less) (common|frequent)", r"(more|less) likely than",
                            # "Does MS show up more in women or in men?"
                            r"(more|less) (often )?(in|among) (men|women|males|females|boys|girls)"),
        # A figure, or a plain "is rare/uncommon/common", "more/less common": not any "common"
        # ("A common MS scenario", "FAQ: Quick Answers to Common Questions").
        re.compile(r"(\d|%|\bpercent|\bincidence|\bprevalen|\brare\b|\buncommon\b|"
                   r"\b(is|are) (very |relatively |quite )?common\b|\b(more|less) common\b|"
                   r"\baffects (about|around|approximately)\b)", re.I),
        "The sources here don't give figures on how common {about} is.", compares_groups=True),
    # "How fast does ALS progress?" needs a line on its pace ("steadily progressive", "the rate
    # varies"), not one on how long people live; "how soon can you use a feeding tube" is no pace.
    Ask("pace", one_of(r"how (fast|quickly|rapidly) (does|do|will|can|would|is|are|did) [^?.]{0,40}?"
                       r"\b(progress\w*|spread\w*|gets? worse|worsen\w*|advanc\w*|develop\w*|declin\w*)",
                       r"how (fast|quickly|rapidly) (is|are) [\w'-]+( [\w'-]+)?(?=\s*(\?|$))",
                       r"(speed|pace) of (progression|decline)"),
        one_of(r"progress(es|ing|ion)?", "steadily", "rate", "varies", r"slow\w*", "fast", "faster", r"rapid\w*",
               r"spread\w*", r"over (time|years|months|decades)", r"worse\w*", r"declin\w*"),
        "The sources here don't say how fast {about} progresses.", qualified=True),
    # How long people live needs a line on living or dying, not one that a condition is progressive.
    Ask("survival", one_of("life expectancy", r"surviv\w*", r"how long (do|does|will|can|would) [^?]*\blive",
                           r"how many (months|years|decades) [^?]*\blive"),
        one_of(*LIVING_WORDS, "lifespan", r"decades?"),     # "a condition people manage over decades"
        "The sources here don't say how long people live with {about}.", qualified=True),
    Ask("outlook", one_of("prognosis", "outlook", "fatal", "terminal", r"die (of|from)",
                          r"how long (do|does|will|can|would) [^?]*\blast"),
        one_of(*LIVING_WORDS, "prognosis", "outlook", r"months?", r"progress\w*", "disability", r"stab(le|ili\w*)"),
        "The sources here don't give the outlook for {about}.", qualified=True),
    # "Is ALS painful?", "Does MS hurt?": a line on pain about it, not a symptom list of another.
    Ask("pain", one_of(r"(does|do|did|will|would|is|are|was|can|could) [^?.]{0,60}\b(hurt|hurts|painful)",
                       r"(cause|causes|causing|be in|in) (any |a lot of |much )?(pain|agony)"),
        one_of("pain", "painful", r"hurts?", "uncomfortable", "discomfort", "agony", r"ach(e|es|ing)"),
        "The sources here don't say whether {about} hurts."),
    # "Which gene is behind Kennedy's disease?" needs a gene named ("SOD1", "C9orf72") or the word
    # gene, not "a genetic disorder"; "dominant or recessive?" a mode of inheritance.
    Ask("gene", one_of(r"(which|what) genes?", r"genes? (is|are) (behind|faulty|responsible|involved)"),
        re.compile(r"\b((?i:genes?)|" + GENE_CODE + r")\b"), "The sources here don't say which gene is behind {about}.",
        in_asking_sentence=True),
    Ask("inheritance mode", one_of(r"dominant or recessive", r"recessive or dominant", r"(dominant|recessive)ly"),
        one_of("dominant", "recessive", "x-linked"),
        "The sources here don't say whether {about} is dominant or recessive.", in_asking_sentence=True),
    # "Is PLS inherited?": a line on genes or inheritance
    # (not "hereditary spastic paraplegia", a name; not "genetic testing", a test).
    Ask("inheritance", one_of(r"inherit\w*", r"hereditary(?!( [\w-]+){0,2} " + CONDITION_END + ")",
                              r"genetic(?! (test|counsel)\w*)", r"pass(ed|es)? (it |this |that )?down",
                              r"runs? in (the )?famil\w*"),
        one_of(r"inherit\w*", "hereditary", r"genetic\w*", r"genes?", r"mutations?", "familial", "sporadic",
               "family history", r"x-linked", GENE_CODE),
        "The sources here don't say whether {about} is inherited.", in_asking_sentence=True),
    # "What causes PLS?": a line on what causes it ("caused by", "autoimmune", "genetic"), not
    # one on what it causes ("B12 deficiency can cause…").
    Ask("cause", one_of(r"what (causes|caused)", r"(what|which) (is|are) the (main )?causes?",
                        r"(?<!and )(?<!or )(?<!& )causes? of"),
        one_of(r"caused by", r"causes? (of|is|are)", r"results? from", r"triggered by", r"arises? from", r"genetic\w*",
               r"inherit\w*", r"mutations?", "sporadic", r"risk factors?", r"exposures?",
               r"(is|are) (an? )?(autoimmune|immune-mediated)", "immune system attacks"),
        "The sources here don't say what causes {about}.", of_condition_after=True, in_asking_sentence=True),
    # Whether or when to seek care ("Which symptoms mean I should get seen quickly?", "should we wait and see
    # or get him checked?"): a line that says to seek care, or a list under one. Asked with a modal or
    # "which signs" in one clause (not "I went to urgent care, what causes it").
    Ask("prompt care", re.compile(
        MODAL + SEEN + SOON + "|" + MODAL + r"\bgo (to )?(urgent care|the er|the emergency room|a&e|the hospital)\b"
        r"|\b(what|which) ([\w-]+ ){0,2}(symptoms|signs|red flags)\b[^?.,;!]{0,40}?" + SEEN
        + r"|\bwait (and see|it out)\s+or\b|\bor (just )?wait (and see|it out)\b", re.I),
        one_of(r"seek", r"seek (medical|urgent|care|help)\w*", r"see (a|your) (doctor|neurologist|clinician)",
               r"(speak|talk) (to|with) (a|your) (doctor|healthcare provider|clinician)", r"discuss (your )?symptoms",
               "healthcare provider", "promptly", "right away", "as soon as possible", "right next step",
               r"(get|require|need|deserve) (a |prompt |real )?(medical )?(evaluation|assessment|attention)|medical "
               r"(evaluation|assessment) is important"),
        "The sources here don't say when to seek care for {about}.", about_named=False, refuses=False),
    # "What is the treatment for X?" needs the treatment; "treatable conditions … X" says only
    # that X can be treated, which answers "Is X treatable?" (next).
    Ask("which treatment", one_of(r"(what|which) (is|are) (the )?(best |usual |main )?"
                                  r"(treatments?|therap(y|ies)|cures?)",
                                  r"(what|which) (treatments?|therap(y|ies)|medications?|medicines?|drugs?)",
                                  r"(what|which)(?= ([\w'-]+ ){0,2}?meds\b)",     # ("what HIV meds": of HIV)
                                  r"how (is|are|do (you|they|doctors)) [^?]*\btreat(ed)?",
                                  r"(a|an) (good |effective |safe |real )?(treatment|therapy|cure) for",
                                  # as a treatment, not a cause or a risk ("Did my back surgery cause…")
                                  r"(surger(y|ies)|antibiotics?)\s+(for|to|would|will|do|does)",
                                  r"(what|which) (kinds? of |sorts? of )?(surger(y|ies)|antibiotics?)"),
        one_of(r"treat(s|ed|ment|ments|ing)?", r"cur(e|es|ed)", *TREATMENT_WORDS),
        "The sources here don't say how {about} is treated."),
    Ask("treatment", one_of(r"treat(s|ed|ment|ments|able|ing)?", r"cur(e|es|ed|able)", r"therap(y|ies)",
                            r"medications?", r"medicines?", r"drugs?"),
        one_of(r"treat\w*", r"cur(e|es|ed|able)", *TREATMENT_WORDS),
        "The sources here don't say how {about} is treated."),
    # "Will the weakness go away if he starts HIV meds?" needs a line that it resolves or reverses.
    Ask("reversal", one_of(r"go(es)? away", r"clear(s)? up", r"(be )?revers(ed|ible)", r"reverse (it|the)",
                           r"resolve(s|d)?", r"get better"),
        one_of(r"resolv\w*", r"revers\w*", r"irreversible", r"go(es)? away", r"improv\w*", r"recover\w*",
               r"disappear\w*", "stable", r"remission", r"remitting", r"cur(e|es|ed)", "treatable"),
        "The sources here don't say whether the symptoms of {about} go away."),
    # "Who was Lou Gehrig?" needs a line on the person, not the disease named after him: a
    # name of two capitalised words ending the clause ("Who is Tofersen for?" asks no person).
    Ask("person", re.compile(r"\b[Ww]ho (was|is) (?=" + PERSON_NAME + r"\s*([?.,!;]|$))"),
        one_of(r"(was|is) (a|an) ([\w-]+ ){0,2}(player|athlete|doctor|physician|scientist|neurologist|man|woman)",
               "born", r"(he|she) (was|played|died)"),
        "The sources here don't say who {about} was.", about_named=False, of_name_after=True),
)
# The outlook in lay words ("is ALS deadly?", "will it kill him?"), last: "Does it hurt, is it deadly?" asks pain.
ASKS += (replace(next(a for a in ASKS if a.name == "outlook"), asked=one_of(
    r"leads? to death", r"how deadly|deadly(?=\s*(\?|$|[,.;]|or\b))", r"(is|are|be) [^?.]{0,40}\blife[- ]threatening"
    r"(?=\s*(\?|$|[,.;]))", r"(will|can|could|would|does|do|is going to) [^?.]{0,30}\bkill "
    r"(him|her|you|me|them|us|people|someone)\b")),)


# Pace and survival compared for some patients ("does familial ALS progress faster than sporadic?", "is
# ALS faster or slower when it starts in the speech muscles?", "do women with ALS live longer than men?");
# not "does lifting weights make ALS progress faster" (what makes it faster is no pace).
ASKS += (replace(next(a for a in ASKS if a.name == "pace"), of_some_patients=True, asked=one_of(
    r"(does|do|will|would|can|could|is|are|did) ((?!(make|makes|making|cause|causes)\b)[\w'-]+ ){1,4}"
    r"(progress\w*|worsen\w*|declin\w*|advanc\w*|gets? worse) (any |much )?"
    r"(faster|slower|quicker|more (slowly|quickly|rapidly))",
    r"(faster|slower) or (faster|slower)", r"(is|are) ([\w'-]+ ){1,4}(faster|slower|quicker) than")),
          replace(next(a for a in ASKS if a.name == "survival"), of_some_patients=True,
                  asked=one_of(r"live (any )?(longer|shorter)")))


def ask_of(question: str) -> Ask | None:
    return next((ask for ask in ASKS if ask.find(question)), None)
