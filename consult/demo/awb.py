"""Demo data for the end of the Awb procedure: a region's own adopting bodies, and one municipality's own
accessibility statement in the national model's shape (the others show consult's default)."""
from __future__ import annotations

from datetime import date

from consult.accessibility.models import AccessibilityStatement, ComplianceStatus, Ombudsman
from consult.extensions import db
from consult.organisations.models import Organisation


def load(orgs: dict[str, Organisation]) -> None:
    orgs["regio-flevoland"].adopting_bodies = "\n".join([
        "het bestuurlijk overleg sociaal domein Flevoland",
        "de colleges van de zes Flevolandse gemeenten",
        "de gemeenteraden van de zes Flevolandse gemeenten",
    ])
    db.session.add(AccessibilityStatement(
        organisation=orgs["vijfheerenlanden"], scope="De inspraakpagina's van Gemeente Vijfheerenlanden op consult",
        status=ComplianceStatus.B, statement_date=date(2026, 11, 16),
        audits=[{"date": "2026-10-12", "method": "Onderzoek door een deskundige volgens WCAG-EM", "link": ""},
                {"date": "2026-11-16", "method": "Automatische toets met axe-core bij elke nieuwe versie", "link": ""}],
        problems=[{"problem": "De bijlage 'Raadsvoorstel' is een PDF zonder koppen.",
                   "measure": "We zetten de tekst ook op de pagina.", "planned_on": "2027-02-01"}],
        contact_email="toegankelijkheid@vijfheerenlanden.example.org", contact_phone="14 0345", response_days=5,
        ombudsman=Ombudsman.NATIONAL))
