"""A campus file (campuses/CODE.yaml): label, portage and governance histories."""

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StrictBool

from cmqreport.model.base import CampusCode, Date, Markdown, Model, new_list
from cmqreport.model.when import WhenField


class Category(StrEnum):
    """Label category of a campus."""

    standard = "standard"
    excellence = "excellence"


class LabelEventKind(StrEnum):
    """What happened to a campus's label."""

    application = "application"  # dossier de demande déposé (création ou renouvellement)
    creation = "creation"  # premier label publié au JO
    renewal = "renewal"  # renouvellement publié au JO
    excellence = "excellence"  # passage en catégorie Excellence
    withdrawal = "withdrawal"  # fin ou retrait du label


class LabelEvent(Model):
    """One step of a campus's label history."""

    kind: LabelEventKind
    date: Date
    jo_date: Date | None = None
    category: Category | None = None
    duration_years: Annotated[int, Field(ge=1, le=10)] | None = None
    requested_category: Category | None = None
    note: Markdown | None = None


class Portage(Model):
    """A period during which an establishment hosts (porte) the campus."""

    establishment: str
    acronym: str | None = None
    city: str | None = None
    start: WhenField | None = None
    end: WhenField | None = None
    note: Markdown | None = None


class PortageNote(Model):
    """A change of a campus's portage that keeps its establishment (périmètre, signataires)."""

    date: WhenField
    text: Markdown


class Role(StrEnum):
    """Roles of a campus's governance."""

    DC = "DC"  # Directeur du Campus
    DO = "DO"  # Directeur Opérationnel
    president = "president"  # Président du conseil de perfectionnement
    international = "international"  # chargé(e) des relations internationales


class GovernanceRole(Model):
    """A person holding a role of the campus, over a period."""

    role: Role
    civility: Literal["Mme", "M."] | None = None
    first_name: str | None = None
    last_name: str
    title: str | None = None
    organisation: str | None = None
    start: WhenField | None = None
    end: WhenField | None = None
    interim: StrictBool = False
    note: Markdown | None = None


class CampusFile(Model):
    """``campuses/XXX.yaml``: what a campus is, with its label and governance history."""

    code: CampusCode
    name: str
    sector: str | None = None
    website: str | None = None
    description: Markdown | None = None
    labels: list[LabelEvent] = Field(default_factory=new_list)
    portage: list[Portage] = Field(default_factory=new_list)
    portage_notes: list[PortageNote] = Field(default_factory=new_list)
    governance: list[GovernanceRole] = Field(default_factory=new_list)


# --------------------------------------------------------------------------- years/YYYY/XXX.yaml
