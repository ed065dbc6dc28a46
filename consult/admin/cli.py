"""`flask org …` and `flask admin create`: what the admin pages do, for the first admin and for scripts.
Changes are in the audit log without an actor (the command line)."""
import click
import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask.cli import AppGroup

from consult.accounts.models import MembershipRole, User
from consult.accounts.services import find_user, make_reset_token
from consult.admin.services import (
    NotAllowed,
    OrganisationInput,
    add_person,
    make_central_municipality,
    save_organisation,
)
from consult.audit.services import record_event
from consult.core.links import external_url
from consult.extensions import db
from consult.organisations.models import Organisation, OrganisationKind

org_cli = AppGroup("org", help="Organisations and the people who work for them.")
admin_cli = AppGroup("admin", help="Admins (beheerders).")


def _organisation(slug: str) -> Organisation:
    organisation = db.session.scalar(sa.select(Organisation).where(Organisation.slug == slug))
    if organisation is None:
        raise click.ClickException(f"No organisation with the short name {slug!r}.")
    return organisation


def _address(email: str) -> str:
    """``email`` as the web forms accept it (WTForms' Email check: the same email_validator, no DNS look-up);
    a ClickException otherwise. The command line took addresses the forms refuse (a .test domain)."""
    try:
        validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError:
        raise click.ClickException(f"{email!r} is not a valid e-mail address. Example: naam@voorbeeld.nl") from None
    return email.strip()


def _slug_of(name: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in name.lower()).split()
    return "-".join(words)[:80].strip("-")


@org_cli.command("create")
@click.argument("name")
@click.option("--kind", required=True, type=click.Choice([k.value for k in OrganisationKind]))
@click.option("--region", "region_slug", help="Short name of the region it belongs to.")
@click.option("--slug", help="Short name in web addresses (default: made from the name).")
@click.option("--central", is_flag=True, help="The region's centrumgemeente (a municipality with --region).")
def create_organisation(name: str, kind: str, region_slug: str | None, slug: str | None, central: bool) -> None:
    """Make an organisation."""
    region = _organisation(region_slug) if region_slug else None
    if central and (region is None or kind != OrganisationKind.MUNICIPALITY.value):
        raise click.ClickException("--central is for a municipality in a region: give --region too.")
    data = OrganisationInput(name=name.strip()[:200], slug=slug or _slug_of(name), kind=OrganisationKind(kind), region=region)
    try:
        organisation = save_organisation(None, data)
    except NotAllowed as refused:
        raise click.ClickException("That short name is taken." if str(refused) == "slug"
                                   else "--region must name a region, and a region cannot be in one.") from None
    if central:
        make_central_municipality(None, organisation)
    db.session.commit()
    click.echo(f"Made {organisation.name} ({organisation.slug}).")


@org_cli.command("add-member")
@click.argument("org_slug")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([r.value for r in MembershipRole]))
@click.option("--name", default="", help="Name, for someone who has no account yet.")
def add_member(org_slug: str, email: str, role: str, name: str) -> None:
    """Give EMAIL a role at the organisation; a new account gets a mail to choose a password."""
    organisation = _organisation(org_slug)
    email = _address(email)
    try:
        user, changed = add_person(None, organisation, email, name.strip() or email.partition("@")[0], MembershipRole(role))
    except NotAllowed:
        raise click.ClickException("Officials work for a municipality or region; partners for the others.") from None
    db.session.commit()
    click.echo(f"{user.email} is {role} of {organisation.name}." if changed else f"{user.email} already had this role.")


@admin_cli.command("create")
@click.argument("email")
@click.option("--name", default="", help="Name (default: the part before @).")
def create_admin(email: str, name: str) -> None:
    """Make EMAIL an admin (making the account if needed) and print a link to choose a password."""
    email = _address(email)
    user = find_user(email)
    if user is None:
        user = User(email=email.strip().lower(), name=name.strip() or email.partition("@")[0])
        db.session.add(user)
        db.session.flush()
    user.is_admin = True
    record_event(None, "admin_rights_given", user, by="command line")
    db.session.commit()
    click.echo(f"{user.email} is an admin.")
    if not user.password_hash:
        link = external_url("accounts.set_new_password", token=make_reset_token(user, "invitation"))
        click.echo(f"Choose a password within 7 days with this link (it works once): {link}")
