"""A built reactienota as JSON and back: what a published version keeps.

Why the data and not the rendered page: the page and the three files are all rendered from this one
frozen source, so they can never disagree with each other, and nothing in it is marked safe HTML.
The files are made from it once and then kept as bytes (`ResponseReportFile`), because DOCX, ODT and
PDF carry the moment they were made; kept bytes are what makes a later download the same file.

Labels (channel, stakeholder, outcome, "Inwoner 3") are stored as the text the nota showed, in the
nota's language, so a later change to a label or translation does not rewrite a published nota.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from consult.reports.builder import AdviceEntry, AdvicePointEntry, Entry, Report, ReportSection

# Bump when the shape changes, and teach `thaw` the old shape. 2: grouping, ambtshalve wijzigingen, vaststelling.
FORMAT = 2


@dataclass
class PublishedOrganisation:
    name: str


@dataclass
class PublishedConsultation:
    """What the nota says about its consultation, as it was on the day of publication."""

    title: str
    organisation: PublishedOrganisation
    opens_at: datetime
    closes_at: datetime


@dataclass
class PublishedIntroduction:
    introduction: str


def freeze(report: Report) -> dict:
    """The report as plain JSON data: the numbers, the sections with their entries, the changes."""
    c = report.consultation
    return {
        "format": FORMAT,
        "title": c.title,
        "organisation": c.organisation.name,
        "opens_at": c.opens_at.isoformat(),
        "closes_at": c.closes_at.isoformat(),
        "introduction": report.record.introduction if report.record else "",
        "total": report.total,
        "signatories": report.signatories,
        "late": report.late,
        "unanswered": report.unanswered,
        "by_channel": [list(row) for row in report.by_channel],
        "by_stakeholder": [list(row) for row in report.by_stakeholder],
        "by_section": [list(row) for row in report.by_section],
        "sections": [{"title": s.title, "entries": [_entry_data(e) for e in s.entries]} for s in report.sections],
        "changes": [list(row) for row in report.changes],
        "advice": [_advice_data(a) for a in report.advice],
        "grouping": report.grouping,
        "own_changes": [list(row) for row in report.own_changes or []],
        "adoption": report.adoption,
    }


def thaw(content: dict) -> Report:
    """A frozen report back as a `Report`, which the page template and `exports.blocks` render as usual."""
    return Report(
        consultation=PublishedConsultation(
            title=content["title"], organisation=PublishedOrganisation(content["organisation"]),
            opens_at=datetime.fromisoformat(content["opens_at"]), closes_at=datetime.fromisoformat(content["closes_at"])),
        record=PublishedIntroduction(content["introduction"]),
        total=content["total"], signatories=content["signatories"], late=content["late"],
        by_channel=[tuple(row) for row in content["by_channel"]],
        by_stakeholder=[tuple(row) for row in content["by_stakeholder"]],
        by_section=[tuple(row) for row in content["by_section"]],
        sections=[ReportSection(s["title"], [Entry(**e) for e in s["entries"]]) for s in content["sections"]],
        changes=[tuple(row) for row in content["changes"]],
        unanswered=content["unanswered"],
        # Versions published before advice existed have no advice chapter.
        advice=[AdviceEntry(**{**a, "points": [AdvicePointEntry(**p) for p in a["points"]]})
                for a in content.get("advice", [])],
        grouping=content.get("grouping", "section"),
        own_changes=[tuple(row) for row in content["own_changes"]] if "own_changes" in content else None,
        adoption=content.get("adoption"),
    )


def summarise(report: Report) -> dict:
    """The counts, and per kenmerk a digest of what the nota says about it: enough to tell later
    which reactions are new, gone or answered differently, without keeping the text twice."""
    entries, texts = {}, {}
    for section in report.sections:
        for entry in section.entries:
            entries.update(dict.fromkeys(entry.references, _digest(section.title, entry)))
            texts[entry.anchor] = _text_digest(entry)
    return {"total": report.total, "signatories": report.signatories, "late": report.late,
            "unanswered": report.unanswered, "entries": entries, "texts": texts}


def texts_changed(published: dict, draft: dict) -> list[str]:
    """Kenmerken whose sender or text in a published version differs from the draft's: after
    publication that is a redaction, e.g. personal data an official removed later."""
    now = draft["texts"]
    return [ref for ref, digest in published.get("texts", {}).items() if ref in now and now[ref] != digest]


def correct_texts(content: dict, report: Report) -> list[str]:
    """Take the sender and text of every entry of frozen `content` from the draft `report`, where
    they differ; the answers and numbers stay as published. Returns the kenmerken corrected."""
    now = {entry.anchor: entry for section in report.sections for entry in section.entries}
    corrected = []
    for section in content["sections"]:
        for entry in section["entries"]:
            current = now.get(entry["references"][0])
            if current is not None and (current.sender, current.text) != (entry["sender"], entry["text"]):
                entry["sender"], entry["text"] = current.sender, current.text
                corrected.append(entry["references"][0])
    return corrected


@dataclass
class Difference:
    """What the draft says differently from a published version."""

    counts: list[tuple[str, int, int]]  # (name, in the version, in the draft) for every count that changed
    added: list[str]
    changed: list[str]
    removed: list[str]

    @property
    def is_empty(self) -> bool:
        return not (self.counts or self.added or self.changed or self.removed)


def compare(published: dict, draft: dict) -> Difference:
    """The difference between two summaries (see `summarise`)."""
    counts = [(name, published.get(name, 0), draft[name]) for name in ("total", "signatories", "late", "unanswered")
              if published.get(name, 0) != draft[name]]
    before, after = published.get("entries", {}), draft["entries"]
    return Difference(
        counts=counts,
        added=[ref for ref in after if ref not in before],
        changed=[ref for ref in after if ref in before and before[ref] != after[ref]],
        removed=[ref for ref in before if ref not in after],
    )


def _advice_data(advice: AdviceEntry) -> dict:
    return {"organisation": advice.organisation, "kind": advice.kind, "reference": advice.reference,
            "submitted_on": advice.submitted_on, "text": advice.text,
            "points": [{"number": p.number, "section": p.section, "text": p.text, "verdict": p.verdict, "reasons": p.reasons}
                       for p in advice.points]}


def _entry_data(entry: Entry) -> dict:
    return {"references": list(entry.references), "sender": entry.sender, "text": entry.text, "answer": entry.answer,
            "outcome": entry.outcome, "changed_in": entry.changed_in, "notes": list(entry.notes)}


def _text_digest(entry: Entry) -> str:
    return hashlib.sha256(json.dumps([entry.sender, entry.text], ensure_ascii=False).encode()).hexdigest()[:16]


def _digest(section_title: str, entry: Entry) -> str:
    # The references are left out on purpose: a campaign letter that gets one more sender is not a
    # change to the answer the earlier senders read.
    data = [section_title, entry.sender, entry.text, entry.answer, entry.outcome, entry.changed_in]
    if entry.notes:  # only when there are any, so versions published before notes existed keep their digests
        data.append(entry.notes)
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:16]
