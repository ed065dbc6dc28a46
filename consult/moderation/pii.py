"""Personal data in a reaction, found before anything is published and offered as redaction
suggestions. It suggests; a moderator decides."""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup, escape

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w+])(?:\+31|0031|0)[\s-]{0,3}(?:\(0\)[\s-]?)?[1-9](?:[\s-]{0,3}\d){8}(?!\d)")
NINE_DIGITS = re.compile(r"(?<![\d.])(?:\d{3}[.\s]?\d{3}[.\s]?\d{3}|\d{4}[.\s]?\d{2}[.\s]?\d{3}|\d{2}[.\s]?\d{3}[.\s]?\d{2}[.\s]?\d{2})(?!\d)")
POSTCODE_WITH_NUMBER = re.compile(
    r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b(?:\s*,?\s*\d{1,5}\s?[a-zA-Z]?\b)?"
    r"|\b[A-Z][\w'-]*(?:straat|laan|weg|plein|dreef|kade|singel|gracht|hof|pad|dijk|steeg|markt)\s+\d{1,5}\s?[a-zA-Z]?\b"
)
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b")
HEALTH_WORDS = (
    "diagnose", "depressie", "depressief", "psychose", "psychotisch", "autisme", "autistisch", "adhd", "kanker",
    "dementie", "alzheimer", "verslaving", "verslaafd", "ggz", "medicijnen", "medicatie", "ziekenhuis", "opname",
    "opgenomen", "burn-out", "burnout", "schizofrenie", "bipolair", "diabetes", "rolstoel", "handicap", "suïcide",
    "zelfmoord", "psychiater", "psycholoog", "therapie", "behandeling", "zwanger", "hiv", "epilepsie", "angststoornis",
    "eetstoornis", "persoonlijkheidsstoornis", "trauma", "ptss", "mishandeling", "huiselijk geweld",
)
HEALTH = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in HEALTH_WORDS) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    kind: str  # email, phone, bsn, address, iban, health
    start: int
    end: int
    text: str


def is_valid_bsn(digits: str) -> bool:
    """The eleven-test: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 must be a multiple of 11 (and not all zeros)."""
    if len(digits) != 9 or not digits.isdigit() or int(digits) == 0:
        return False
    total = sum(int(d) * weight for d, weight in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


def is_valid_iban(text: str) -> bool:
    compact = re.sub(r"\s", "", text).upper()
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(c, 36)) for c in rearranged)
    return int(number) % 97 == 1


def name_parts(name: str) -> list[str]:
    """The ways a person's own name shows up in their text: the whole name, and each later part that
    looks like a surname ("C. Vos" → "C. Vos", "Vos")."""
    whole = name.strip()
    parts = [whole] if len(whole) >= 2 else []
    return parts + [part for part in whole.split()[1:] if len(part) >= 3 and part[0].isupper()]


def find_personal_data(text: str, own_name: str = "") -> list[Finding]:
    """Every hit, in text order, without overlaps (the earlier, longer hit wins). With ``own_name``, the
    author's own name is a finding too (kind "name"): a signature under an anonymous reaction."""
    hits: list[Finding] = []
    for part in name_parts(own_name):
        hits.extend(Finding("name", m.start(), m.end(), m.group(0)) for m in re.finditer(rf"\b{re.escape(part)}\b", text))
    for kind, pattern, check in (
        ("email", EMAIL, None),
        ("iban", IBAN, is_valid_iban),
        ("phone", PHONE, None),
        ("bsn", NINE_DIGITS, lambda t: is_valid_bsn(re.sub(r"\D", "", t))),
        ("address", POSTCODE_WITH_NUMBER, None),
        ("health", HEALTH, None),
    ):
        for match in pattern.finditer(text):
            if check is None or check(match.group(0)):
                hits.append(Finding(kind, match.start(), match.end(), match.group(0)))
    hits.sort(key=lambda f: (f.start, -(f.end - f.start)))
    result: list[Finding] = []
    for hit in hits:
        if not result or hit.start >= result[-1].end:
            result.append(hit)
    return result


def highlight(text: str, findings: list[Finding], labels: dict[str, str]) -> Markup:
    """The text, escaped, with each finding in a <mark> that says what kind of data it may be."""
    parts, position = [], 0
    for finding in findings:
        parts.append(escape(text[position:finding.start]))
        parts.append(Markup('<mark class="consult-pii" title="{label}">{text}<span class="consult-visually-hidden"> ({label})</span></mark>')
                     .format(label=labels.get(finding.kind, finding.kind), text=finding.text))
        position = finding.end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def redaction_suggestion(text: str, findings: list[Finding], placeholder: str = "[verwijderd]") -> str:
    """The text with every finding except health words replaced; health words need a person's judgement."""
    return replace_findings(text, [f for f in findings if f.kind != "health"], {}, placeholder)


def replace_findings(text: str, findings: list[Finding], placeholders: dict[str, str], default: str) -> str:
    """The text with each finding replaced by the placeholder for its kind (or ``default``)."""
    out, position = [], 0
    for finding in findings:
        out.append(text[position:finding.start])
        out.append(placeholders.get(finding.kind, default))
        position = finding.end
    out.append(text[position:])
    return "".join(out)


def without_name(text: str, name: str) -> str:
    """A private person's own name out of their text, e.g. the signature under a letter."""
    findings = [f for f in find_personal_data(text, name) if f.kind == "name"]
    return replace_findings(text, findings, {}, _("[name]"))
