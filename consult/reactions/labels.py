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


def channel_label(channel: Channel) -> str:
    return str(CHANNEL_LABELS[channel])
