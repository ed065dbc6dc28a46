from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from consult.core.forms import choices, form_status
from consult.core.permissions import require
from consult.core.submission import commit_or_first, made_by
from consult.documents import bp
from consult.documents.forms import DocumentForm, VersionForm
from consult.documents.models import Document, DocumentKind
from consult.documents.omissions import describe_omissions
from consult.documents.permissions import MANAGE_DOCUMENT
from consult.documents.services import add_version, compare_versions, create_document
from consult.extensions import db


@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def new_document():
    organisations = {str(o.id): o for o in current_user.governed_organisations}
    if not organisations:
        abort(403)
    form = DocumentForm()
    form.organisation.choices = choices((key, org.name) for key, org in organisations.items())
    if (made := made_by(Document, form.sent_key())) is not None:  # the same upload sent again: its document
        return redirect(url_for("documents.show_document", document_id=made.id))
    if form.validate_on_submit():
        document = create_document(organisations[form.organisation.data], form.title.data,
                                   DocumentKind(form.kind.data), form.sections, current_user, form.omissions,
                                   submission_key=form.sent_key())
        document = commit_or_first(Document, form.sent_key()) or document
        flash(ngettext("The document is saved with %(num)s section.", "The document is saved with %(num)s sections.",
                       len(document.latest_version.sections)), "success")
        _flash_left_out(form.omissions)
        return redirect(url_for("documents.show_document", document_id=document.id))
    return render_template("documents/new.html", form=form), form_status(form)


@bp.get("/<int:document_id>")
@login_required
def show_document(document_id: int):
    document = db.get_or_404(Document, document_id)
    require(MANAGE_DOCUMENT, document)
    versions = document.versions
    number = request.args.get("versie", versions[-1].number, type=int)
    version = next((v for v in versions if v.number == number), None) or abort(404)
    previous = next((v for v in versions if v.number == number - 1), None)
    changes, removed = compare_versions(previous, version) if previous else (None, [])
    return render_template("documents/show.html", document=document, version=version, previous=previous,
                           changes=changes, removed=removed, left_out=describe_omissions(version.omissions),
                           header_organisation=document.organisation)


@bp.route("/<int:document_id>/nieuwe-versie", methods=["GET", "POST"])
@login_required
def new_version(document_id: int):
    document = db.get_or_404(Document, document_id)
    require(MANAGE_DOCUMENT, document)
    form = VersionForm()
    if form.validate_on_submit():
        version = add_version(document, form.sections, current_user, form.note.data or "", form.omissions)
        db.session.commit()
        flash(_("Version %(number)s is saved.", number=version.number), "success")
        _flash_left_out(form.omissions)
        return redirect(url_for("documents.show_document", document_id=document.id))
    return render_template("documents/new_version.html", form=form, document=document,
                           header_organisation=document.organisation), form_status(form)


def _flash_left_out(omissions) -> None:
    if omissions:
        flash(_("Some parts of the file are not in the text. Check the list 'Not carried over from the file'."),
              "warning")
