"""What lines say, as the asks (asks.py) check them: the words of a treatment, a figure, a gene,
a life span; and the words of asking to be seen soon."""

from __future__ import annotations

import re

from .conditions import CONDITION_WORD


def one_of(*alternatives: str) -> re.Pattern:
    """One of `alternatives` as whole words, any case (asks.py, groups.py)."""
    return re.compile(r"\b(" + "|".join(alternatives) + r")\b", re.I)


# What states a treatment, besides "treat…" and "cure…".
TREATMENT_WORDS = (r"therap\w*", r"medications?", r"medicines?", r"drugs?", r"antibiotics?", r"supplement\w*",
                   r"inhibitors?", r"\w*steroids?", "surgery", "surgical", r"manag\w*", r"relie\w*", r"improv\w*",
                   r"revers\w*", "riluzole", "edaravone", "rehabilitation", "physical therapy",
                   r"slow(s|ing)? (the )?(progression|disease)")

# A count or a share, not any number ("between ages 40 and 70" is not one); or that the count is
# not known ("a rare condition, although its prevalence is unknown").
FIGURE = (r"(\d[\d,.]*\s*(%|percent|per cent|in \d|out of|of (all|every)|cases|people|patients|persons|"
          r"americans|men|women|per\b|each year|a year)|\bpercent|\bhalf\b|\bone in\b|\ba third\b|"
          r"\ba quarter\b|\bmillions?\b|\bthousands?\b|"
          r"\b(prevalence|incidence|number of affected \w+)( \w+){0,3} (is|are|remains?) unknown)")
# A gene's code ("SOD1", "C9orf72"; not a vitamin's "B12" nor a drug class's "S1P").
GENE_CODE = r"(?-i:[A-Z]{2,}\d\w*|[A-Z]\d[a-z]+\d+)"
# The last word of a condition's name (conditions.py's).
CONDITION_END = r"(" + CONDITION_WORD + r")"

# For the prompt care ask: being seen by a doctor ("get him checked out"), asked with a modal, soon.
SEEN = (r"\b(see (a |the |my |your |our )?(doctor|gp|neurologist|someone|somebody)"
         r"|get (him |her |them |me |it |you |my \w+ )?(seen|checked( out)?|looked at|evaluated)"
         r"|go see (a|the) doctor|seek (care|help|medical\w*))\b")
MODAL = r"\b(should|do|does|must|need to|have to|time to|when to|how soon)\b[^?.,;!]{0,40}?"
SOON = r"[^?.,;!]{0,20}?\b(soon|quickly|promptly|right away|straight away|urgently|asap|immediately|now)\b"
# What states how long people live (survival), and part of what states an outlook.
LIVING_WORDS = ("life expectancy", r"surviv\w*", "fatal", r"liv(e|es|ing)", "death", r"die[sd]?", r"years?")
