from flask_babel import lazy_gettext as _l

from consult.reactions.models import Channel, Publication, Reaction, ReactionStatus

STATUS_LABELS = {
    ReactionStatus.UNCONFIRMED: _l("Not confirmed yet: open the link in the e-mail we sent you"),
    ReactionStatus.PENDING: _l("Received; the municipality checks it before it is published"),
    ReactionStatus.REJECTED: _l("Received; not published on the website"),
    ReactionStatus.WITHDRAWN: _l("Withdrawn"),
}

CHANNEL_LABELS = {
    Channel.WEB: _l("website"),
    Channel.EMAIL: _l("e-mail"),
    Channel.LETTER: _l("letter"),
    Channel.ORAL: _l("oral or by phone"),
    Channel.PARTNER_ROUND: _l("feedback round"),
}


def reaction_status_label(reaction: Reaction) -> str:
    if reaction.status is ReactionStatus.APPROVED:
        return str(_l("Received and published") if reaction.is_published else _l("Received; not published, as you chose"))
    return str(STATUS_LABELS[reaction.status])

PUBLICATION_LABELS = {
    Publication.NAMED: _l("with name"),
    Publication.ANONYMOUS: _l("anonymously"),
    Publication.NOT_PUBLISHED: _l("not"),
}


def publication_label(publication: Publication) -> str:
    return str(PUBLICATION_LABELS[publication])


CHOICE_LABELS = {
    Publication.NAMED: _l("publish with my name"),
    Publication.ANONYMOUS: _l("publish without my name"),
    Publication.NOT_PUBLISHED: _l("do not publish"),
}


def publication_label_of(value: str | None) -> str:
    """The author's publication choice, stored as its value (e.g. in the audit log), as words."""
    try:
        return str(CHOICE_LABELS[Publication(value)])
    except ValueError:
        return value or ""


def channel_label(channel: Channel) -> str:
    return str(CHANNEL_LABELS[channel])


REJECTION_REASONS = {
    "spam": _l("Spam or advertising"),
    "offensive": _l("Offensive or discriminating"),
    "personal_data": _l("Personal data of others"),
    "off_topic": _l("Not about this consultation"),
}


def rejection_reason_label(reason: str) -> str:
    return str(REJECTION_REASONS.get(reason, reason))

MODERATION_STATUS_LABELS = {
    ReactionStatus.UNCONFIRMED: _l("Not confirmed"),
    ReactionStatus.PENDING: _l("To moderate"),
    ReactionStatus.APPROVED: _l("Approved"),
    ReactionStatus.REJECTED: _l("Rejected"),
    ReactionStatus.WITHDRAWN: _l("Withdrawn"),
}


def moderation_status_label(status: ReactionStatus) -> str:
    return str(MODERATION_STATUS_LABELS[status])
