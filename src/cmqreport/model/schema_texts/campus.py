"""Texts of a campus file (``campuses/CODE.yaml``): identity, label, portage, governance."""

from __future__ import annotations

from cmqreport.model.schema_texts.types import Texts

__all__ = ["CAMPUS_TEXTS"]

_WHEN = "aussi précise que la source : AAAA-MM-JJ, AAAA-MM, « fin AAAA-MM » ou AAAA"

CAMPUS_TEXTS: dict[str, Texts] = {
    "CampusFile": Texts(
        "Fichier d'un campus",
        "campuses/CODE.yaml : ce qu'est un campus (nom, label, portage, gouvernance), avec "
        "son histoire datée ; le chapitre 1 du rapport en est calculé.",
        {
            "code": (
                "Code du campus",
                "Code en capitales, 2 à 10 lettres ou chiffres, le même que le nom du "
                "fichier (ex. « AGT » pour campuses/AGT.yaml). C'est aussi un sigle connu.",
            ),
            "name": (
                "Nom du campus",
                "Nom complet sans « CMQ » devant (ex. « Alimentation, Goût, Tourisme ») ; "
                "il développe le code à sa première occurrence.",
            ),
            "sector": (
                "Secteur d'activité",
                "Filière ou secteur du campus, en clair (ex. « Agroalimentaire »).",
            ),
            "website": (
                "Site internet",
                "Adresse du site du campus (ex. « https://www.exemple.fr/cmq »).",
            ),
            "description": (
                "Présentation",
                "Présentation du campus en Markdown, reprise par le rapport de l'année de "
                "sa création (« Un nouveau CMQ »).",
            ),
            "labels": (
                "Historique du label",
                "Les étapes du label dans l'ordre : dépôt de dossier, création, "
                "renouvellement, passage en Excellence, retrait.",
            ),
            "portage": (
                "Historique du portage",
                "Les établissements qui ont porté le campus, chacun sur sa période ; un "
                "changement d'établissement dans l'année est présenté au chapitre 1.",
            ),
            "portage_notes": (
                "Évolutions du portage",
                "Changements du portage qui gardent le même établissement (périmètre élargi, "
                "nouveaux cosignataires), chacun présenté au chapitre 1 l'année de sa date.",
            ),
            "governance": (
                "Gouvernance",
                "Les personnes qui tiennent un rôle du campus (directeur, directeur "
                "opérationnel, président…), chacune avec ses dates de prise et de fin de "
                "fonction.",
            ),
        },
    ),
    "Category": Texts(
        "Catégorie du label",
        "« standard » ou « excellence » (campus labellisé Excellence).",
    ),
    "LabelEventKind": Texts(
        "Type d'étape du label",
        "application : dossier de demande déposé (création ou renouvellement) ; creation : "
        "premier label publié au Journal officiel ; renewal : renouvellement publié au JO ; "
        "excellence : passage en catégorie Excellence ; withdrawal : fin ou retrait du label.",
    ),
    "LabelEvent": Texts(
        "Étape du label",
        "Une étape de l'histoire du label d'un campus, datée (ex. renouvellement publié au "
        "JO du 27 juillet 2021 pour cinq ans).",
        {
            "kind": (
                "Type d'étape",
                "application, creation, renewal, excellence ou withdrawal.",
            ),
            "date": (
                "Date de l'étape",
                "Date du dépôt ou de la décision, au format AAAA-MM-JJ (ex. 2021-07-27).",
            ),
            "jo_date": (
                "Date de publication au JO",
                "Date de parution au Journal officiel, au format AAAA-MM-JJ ; absente tant "
                "que la décision n'est pas publiée.",
            ),
            "category": (
                "Catégorie obtenue",
                "« standard » ou « excellence » ; absente quand la source ne la précise pas.",
            ),
            "duration_years": (
                "Durée du label (ans)",
                "Nombre d'années pour lequel le label est accordé, de 1 à 10 (ex. 5).",
            ),
            "requested_category": (
                "Catégorie demandée",
                "La catégorie demandée dans le dossier, quand elle diffère de celle obtenue.",
            ),
            "note": (
                "Commentaire",
                "Texte en Markdown imprimé avec l'étape (ex. « Ce renouvellement marque la "
                "confiance placée dans ce CMQ… »).",
            ),
        },
    ),
    "Portage": Texts(
        "Période de portage",
        "Une période pendant laquelle un établissement porte le campus.",
        {
            "establishment": (
                "Établissement porteur",
                "Nom complet de l'établissement (ex. « Université Technologique de "
                "Belfort-Montbéliard »).",
            ),
            "acronym": (
                "Sigle de l'établissement",
                "Sigle de l'établissement porteur, s'il en a un (ex. « UTBM »).",
            ),
            "city": ("Ville", "Ville de l'établissement porteur (ex. « Le Creusot »)."),
            "start": ("Début du portage", f"Date de début du portage, {_WHEN}."),
            "end": (
                "Fin du portage",
                f"Date de fin du portage, {_WHEN} ; absente tant que le portage dure.",
            ),
            "note": (
                "Commentaire",
                "Pourquoi ce portage, en Markdown ; quand elle est donnée, la note dit le "
                "changement et le rapport ne le redit pas.",
            ),
        },
    ),
    "PortageNote": Texts(
        "Évolution du portage",
        "Un changement du portage qui garde l'établissement (périmètre, cosignataires).",
        {
            "date": (
                "Date de l'évolution",
                f"Quand elle a lieu ({_WHEN}) ; le rapport de cette année-là la présente "
                "(ex. 2021).",
            ),
            "text": (
                "Texte",
                "Ce qui change, en Markdown, tel que le rapport le dit (ex. « Dans le cadre "
                "du dépôt du dossier de renouvellement, le périmètre du CMQ a été "
                "modifié… »).",
            ),
        },
    ),
    "Role": Texts(
        "Rôle",
        "DC : directeur ou directrice du campus ; DO : directeur ou directrice "
        "opérationnel(le) ; president : président(e) du conseil de perfectionnement ; "
        "international : chargé(e) des relations internationales.",
    ),
    "GovernanceRole": Texts(
        "Titulaire d'un rôle",
        "Une personne qui tient un rôle du campus sur une période.",
        {
            "role": ("Rôle", "DC, DO, president ou international."),
            "civility": ("Civilité", "« Mme » ou « M. »."),
            "first_name": ("Prénom", "Prénom de la personne (ex. « Claire »)."),
            "last_name": ("Nom", "Nom de famille de la personne (ex. « Martin »)."),
            "title": (
                "Fonction",
                "Fonction ou qualité de la personne (ex. « proviseur du lycée Le Castel »).",
            ),
            "organisation": (
                "Organisme",
                "Organisme ou entreprise de la personne (ex. « EDF »).",
            ),
            "start": ("Prise de fonction", f"Date de prise de fonction, {_WHEN}."),
            "end": (
                "Fin de fonction",
                f"Date de fin de fonction, {_WHEN} ; absente tant que la personne est en poste.",
            ),
            "interim": (
                "Intérim",
                "true quand la personne assure le rôle par intérim (le rapport le dit).",
            ),
            "note": (
                "Commentaire",
                "Précision sur le poste, en Markdown (ex. « poste financé par le FNADT »).",
            ),
        },
    ),
}
