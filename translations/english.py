"""Make the English catalogue read as English for residents of a Dutch town.

The msgids are the developers' English, close to the Dutch they were written beside ("reactie" became
"reaction", "kennisgeving" stayed Dutch). `make messages` runs this after msgen: every English msgstr
that still equals its msgid is rewritten by the rules below, and OVERRIDES replace whole messages that
need more than a word. Dutch legal terms are kept where people will meet them on paper, and explained
in English beside them. Run: python translations/english.py translations/en/LC_MESSAGES/messages.po
"""
from __future__ import annotations

import re
import sys

from babel.messages.pofile import read_po, write_po

# "reactie" is a "response" in English consultations; "reageren" is "to respond".
WORDS = (
    (re.compile(r"\b([Rr])eaction\b"), r"\1esponse"),
    (re.compile(r"\b([Rr])eactions\b"), r"\1esponses"),
    (re.compile(r"\b([Rr])eacted\b"), r"\1esponded"),
    (re.compile(r"\b([Rr])eacting\b"), r"\1esponding"),
    (re.compile(r"\b([Rr])eact\b"), r"\1espond"),
    (re.compile(r"(?<!%\()\b([Kk])inds\b"), lambda m: "Types" if m.group(1) == "K" else "types"),
    (re.compile(r"(?<!%\()\b([Kk])ind\b"), lambda m: "Type" if m.group(1) == "K" else "type"),
    (re.compile(r"\bthe announcement page\b"), "the public notice page"),
    (re.compile(r"\b([Tt])he announcement\b"), r"\1he public notice"),
    (re.compile(r"^Announcement\b"), "Public notice"),
    (re.compile(r"\bthe kennisgeving\b"), "the public notice"),
    (re.compile(r"\ba kennisgeving\b"), "a public notice"),
    (re.compile(r"\bthe nota\b"), "the response report"),
    # A werkatelier's "verslag" is what its participants read in English as its report.
    (re.compile(r"\bverslag\b"), "report"),
    (re.compile(r"\bVerslag\b"), "Report"),
    # One English name for the two portfolio holders who steer a theme, as the actieprogramma's pages say it.
    (re.compile(r"\b([Bb])estuurlijk duo('s)?\b"),
     lambda m: ("A" if m.group(1) == "B" else "a") + "dministrative duo" + ("s" if m.group(2) else "")),
    (re.compile(r"\b(a|the) ter inzage\b"), r"\1 public inspection"),
    (re.compile(r"\bor ter inzage\b"), "or public inspection"),
    (re.compile(r"\(article 26 AVG\)"), "(article 26 GDPR)"),
    (re.compile(r"\(AVG article 6\(1\)\(e\)\)"), "(GDPR article 6(1)(e))"),
    (re.compile(r"\(AVG\)"), "(GDPR)"),
    (re.compile(r"\bWith the Awb procedure\b"), "Under the Awb procedure"),
    (re.compile(r"^Made on\b"), "Created on"),
    (re.compile(r"\bMade on\b"), "Created on"),
    (re.compile(r"\b[Mm]ake (a|the) (group|account|organisation)\b"), lambda m: ("C" if m.group(0)[0] == "M" else "c") + f"reate {m.group(1)} {m.group(2)}"),
    (re.compile(r"\b(is|are) being made\b"), r"\1 being prepared"),
    (re.compile(r"^(Feedback round|Group|Consultation) made$"), r"\1 created"),
    (re.compile(r"\bSmall letters\b"), "Lower-case letters"),
    (re.compile(r"\bsmall letters\b"), "lower-case letters"),
    (re.compile(r"\bPassage you comment on\b"), "Passage you are commenting on"),
    (re.compile(r"\bobject with\b"), "object to"),
)

# A notice about something just done: "Version 2 is saved." reads "Version 2 has been saved." Only in a
# message's first sentence, and not where it states a rule ("once they are published", "is sent at publication").
DONE = re.compile(r"\b(is|are) (saved|changed|removed|added|published|sent|approved|rejected|assigned|answered|"
                  r"recorded|submitted|blocked|unblocked|corrected|confirmed|withdrawn|invited|listed|queued|"
                  r"handled|made)(?! at publication| by | until)\b")
RULE_WORDS = re.compile(r"\b(when|once|before|after|until|if|while|whether|After|When|If|Once)\b")
FIRST_SENTENCE = re.compile(r"^(.*?[.?!:])(\s.*)?$", re.S)

OVERRIDES = {
    "Go on": "Continue",
    "Nobody is assigned now.": "Nobody is assigned at the moment.",
    # kept as it is: "cookies are blocked" states a fact, not something just done
    "The page was open too long, or cookies are blocked. Go back, reload the page and send it again.":
        "The page was open too long, or cookies are blocked. Go back, reload the page and send it again.",
    "The response report is made from the reactions and answers. Private persons are shown as \"Resident\" with a number; organisations by name.":
        "The response report is made up of the responses and their answers. Private persons are shown as "
        "\"Resident\" with a number; organisations by name.",
    "Scan or files": "Scans or files",
    "Ter inzage: everyone can react": "Public inspection (ter inzage): anyone can respond",
    "Open for comments (ter inzage)": "Open for public inspection (ter inzage)",
    "New consultation (ter inzage)": "New public inspection (ter inzage)",
    "Put this version up for comments (ter inzage)": "Put this version on public inspection (ter inzage)",
    "Announcement: how to react and what happens next":
        "Public notice (kennisgeving): how to respond and what happens next",
    "Read the official announcement (kennisgeving) of the decision":
        "Read the official public notice (kennisgeving) of the decision",
    "Link to the kennisgeving": "Link to the public notice (kennisgeving)",
    "Fill in where the kennisgeving is published.": "Fill in where the public notice (kennisgeving) is published.",
    "Publish a kennisgeving instead of sending letters":
        "Publish a public notice (kennisgeving) instead of sending letters",
    "Above 250 people the law allows a kennisgeving instead of sending it. E-mails still go out; the letters are replaced.":
        "Above 250 people the law allows a public notice instead of sending the decision. E-mails still go out; "
        "the notice replaces the letters.",
    "Ground in the Woo": "Ground in the Woo (Open Government Act)",
    "Fill in the ground in the Woo.": "Fill in the ground in the Woo (Open Government Act).",
    "For example the Gemeenteblad publication.":
        "For example the publication in the Gemeenteblad (the municipal gazette).",
    "Published; not adopted yet by the college or the council.":
        "Published; not yet adopted by the board of mayor and aldermen (college) or the council.",
    "the college of mayor and aldermen": "the board of mayor and aldermen (college)",
    "Before removing, the municipality may put the complete file in its own archive. The Archiefwet then decides how long it is kept.":
        "Before removing, the municipality may put the complete file in its own archive. The Archives Act "
        "(Archiefwet) then decides how long it is kept.",
    "Do you not agree? You can object with %(organisation)s, or complain to the Autoriteit Persoonsgegevens.":
        "Do you disagree? You can object to %(organisation)s, or complain to the Dutch Data Protection Authority "
        "(Autoriteit Persoonsgegevens).",
    "You may see your data, download it and ask to remove it. The municipality answers within one month. You can also complain to the Autoriteit Persoonsgegevens.":
        "You may see your data, download it and ask for it to be removed. The municipality answers within one "
        "month. You can also complain to the Dutch Data Protection Authority (Autoriteit Persoonsgegevens).",
    "Uniform public preparation procedure (afdeling 3.4 Awb). Anyone can give a view (zienswijze) for six weeks.":
        "Uniform public preparation procedure (section 3.4 of the General Administrative Law Act, Awb). Anyone can "
        "give their view (zienswijze) for six weeks.",
    "Uniform public preparation procedure (afdeling 3.4 Awb): at least six weeks":
        "Uniform public preparation procedure (section 3.4 of the General Administrative Law Act, Awb): at least "
        "six weeks",
    "Send a zienswijze signed by more than five people only to the first five who signed":
        "For a view (zienswijze) signed by more than five people, tell only the first five who signed",
    "The municipality's participation ordinance (inspraak- of participatieverordening).":
        "The municipality's participation bylaw (inspraak- or participatieverordening).",
    "The municipality's participation ordinance": "The municipality's participation bylaw",
    "Second step": "Two-step login",
    "Set up the second step": "Set up two-step login",
    "The second step is on. Keep these codes in a safe place. If you lose your phone, each code lets you log in once. We show them only now.":
        "Two-step login is on. Keep these codes in a safe place. If you lose your phone, each code lets you log "
        "in once. We show them only now.",
    "You asked for this step: %(step)s. Before it happens, type your password once more, so we know it is you.":
        "You asked to do this: %(step)s. Before it happens, type your password once more, so we know it is you.",
    "You asked for this step: %(step)s. It has not happened yet. Press the button to do it now.":
        "You asked to do this: %(step)s. It has not happened yet. Press the button to do it now.",
    "The step you asked for has not happened yet. Press the button to do it now.":
        "What you asked for has not happened yet. Press the button to do it now.",
    "Log in again, please.": "Please log in again.",
    "Your name and e-mail address. If you give them: your place of residence and your organisation.":
        "Your name and e-mail address, and, if you gave them, the place where you live and your organisation.",
    "Place of residence": "Place where you live",
    "Make the period longer": "Extend the period",
    "Period made longer": "Period extended",
    "The period is longer": "The period has been extended",
    "The period for %(title)s is longer": "The period for %(title)s has been extended",
    "Why is the period longer?": "Why has the period been extended?",
    "Write why the period is longer.": "Write why the period is extended.",
    "Only a planned or open period can be made longer.": "Only a planned or open period can be extended.",
    "Do it": "Do it now",
    "Coming": "Upcoming",
    "Handling": "Being handled",
    "Hidden after reports": "Hidden after being reported",
    "Reaction hidden after reports": "Response hidden after being reported",
    "Reaction %(reference)s is hidden after reports": "Response %(reference)s has been hidden after being reported",
    "Someone asks %(organisation)s to remove their personal data from their reactions (request %(number)s). Answer before %(date)s.":
        "Someone has asked %(organisation)s to remove their personal data from their responses (request "
        "%(number)s). Answer before %(date)s.",
    "Your request is sent to: %(names)s. You get an answer by e-mail within one month.":
        "Your request has been sent to: %(names)s. You will get an answer by e-mail within one month.",
}


def english(msgid: str) -> str:
    """The reader's English for one developer-English ``msgid``."""
    if msgid in OVERRIDES:
        return OVERRIDES[msgid]
    text = msgid
    for pattern, replacement in WORDS:
        text = pattern.sub(replacement, text)
    match = FIRST_SENTENCE.match(text)
    first, rest = (match.group(1), match.group(2) or "") if match else (text, "")
    if not RULE_WORDS.search(first):
        first = DONE.sub(_done, first)
    return first + rest


def _done(match: re.Match) -> str:
    participle = "created" if match.group(2) == "made" else match.group(2)
    return ("has" if match.group(1) == "is" else "have") + " been " + participle


def main(path: str) -> None:
    with open(path, "rb") as f:
        catalogue = read_po(f, locale="en")
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, (list, tuple)):
            if tuple(message.string) == tuple(message.id) or not any(message.string):
                message.string = tuple(english(part) for part in message.id)
        elif message.string in ("", message.id):
            message.string = english(message.id)
    with open(path, "wb") as f:
        write_po(f, catalogue, width=76, sort_output=True, include_previous=False)


if __name__ == "__main__":
    main(sys.argv[1])
