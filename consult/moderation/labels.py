from flask_babel import lazy_gettext as _l

PII_LABELS = {
    "email": _l("e-mail address"),
    "phone": _l("phone number"),
    "bsn": _l("citizen service number (BSN)"),
    "address": _l("address"),
    "iban": _l("bank account (IBAN)"),
    "health": _l("health or care detail"),
    "name": _l("name of the author"),
}


def pii_labels() -> dict[str, str]:
    return {kind: str(label) for kind, label in PII_LABELS.items()}
