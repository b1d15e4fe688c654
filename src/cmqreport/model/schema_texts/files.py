"""Texts of the project's own files: cmqreport.yaml, the network's year, the perspectives,
the glossary, the acronyms and the references."""

from __future__ import annotations

from cmqreport.model.schema_texts.types import Texts

__all__ = ["FILE_TEXTS"]

_ID = "minuscules, chiffres et tirets"
_MD = "en Markdown"

_PROJECT: dict[str, Texts] = {
    "ProjectConfig": Texts(
        "Fichier du projet",
        "cmqreport.yaml : qui est le réseau et à quoi ressemblent ses rapports.",
        {
            "network": (
                "Réseau",
                "Nom du réseau, imprimé en couverture (ex. « CMQ de Bourgogne Franche-Comté »).",
            ),
            "region": ("Région", "Nom de la région (ex. « Bourgogne Franche-Comté »)."),
            "region_acronym": ("Sigle de la région", "Sigle de la région (ex. « BFC »)."),
            "locale": (
                "Langue et formats",
                "Locale Babel des dates et des nombres, écrite langue_PAYS (« fr_FR » par défaut).",
            ),
            "authors": (
                "Auteurs",
                "Les auteurs des rapports, un par élément (ex. « Réseau des CMQ de "
                "Bourgogne Franche-Comté »).",
            ),
            "organisation": (
                "Organisme éditeur",
                "Organisme qui publie le rapport (ex. « Région académique Bourgogne "
                "Franche-Comté »).",
            ),
            "acronym_scope": (
                "Portée du développement des sigles",
                "Où un sigle est développé de nouveau à sa première occurrence : document, "
                "chapter (chaque chapitre, par défaut) ou section.",
            ),
            "acronym_ignore": (
                "Mots à ne pas traiter comme sigles",
                "Mots en capitales qui ne sont pas des sigles (noms propres, marques), ou noms "
                "entiers qui contiennent un sigle (ex. « ATS Ingénierie »).",
            ),
            "campus_order": (
                "Ordre des campus",
                "Codes des campus dans l'ordre de présentation (ex. [AGT, MSI, TI]) ; les "
                "campus non cités suivent, par ordre alphabétique.",
            ),
            "pdf_engine": (
                "Moteur du PDF",
                "typst (fourni avec cmqreport, par défaut), xelatex ou lualatex (TeX installé).",
            ),
            "workbook_deadline": (
                "Date limite des classeurs",
                "Date limite de retour des classeurs des campus, au format AAAA-MM-JJ, "
                "rappelée par chaque classeur (ex. 2025-01-31).",
            ),
            "workbook_contact": (
                "Contact des classeurs",
                "À qui renvoyer les classeurs, nom et courriel, rappelé par leur feuille "
                "Lisez-moi (ex. « Claire Martin, claire.martin@exemple.fr »).",
            ),
            "exclude": (
                "Fichiers exclus",
                "Motifs (glob) de fichiers du dépôt qui ne sont pas des données et ne sont "
                "jamais signalés (ex. « brouillons/** », « *.bak »).",
            ),
        },
    ),
    "AcronymScope": Texts(
        "Portée des sigles",
        "document : développé une fois dans le rapport ; chapter : une fois par chapitre ; "
        "section : une fois par section.",
    ),
    "PdfEngine": Texts(
        "Moteur du PDF",
        "typst est fourni avec cmqreport ; xelatex et lualatex demandent une installation de TeX.",
    ),
}

_NETWORK: dict[str, Texts] = {
    "NetworkYear": Texts(
        "Année du réseau",
        "years/AAAA/network.yaml : le rapport d'une année, ses textes propres et ses chapitres.",
        {
            "year": ("Année", "Année du rapport, celle du dossier years/AAAA (ex. 2021)."),
            "title": (
                "Titre du rapport",
                "Titre imprimé en couverture (ex. « Rapport d'activité 2021 »).",
            ),
            "subtitle": (
                "Sous-titre",
                "Sous-titre de la couverture (ex. « Campus des Métiers et des Qualifications de "
                "Bourgogne Franche-Comté »).",
            ),
            "date": (
                "Date de publication",
                "Date du rapport, au format AAAA-MM-JJ (ex. 2022-03-15) ; elle date aussi "
                "les fichiers produits.",
            ),
            "authors": (
                "Auteurs",
                "Les auteurs de ce rapport, s'ils diffèrent de ceux de cmqreport.yaml.",
            ),
            "summary": ("Résumé", f"Résumé du rapport, {_MD}, imprimé en tête du rapport."),
            "presentation": (
                "Présentation",
                f"Présentation du réseau, {_MD} ; un paragraphe [[label-events]] y liste les "
                "étapes du label de l'année.",
            ),
            "chapters": (
                "Chapitres",
                "Les chapitres du rapport, dans l'ordre (ex. structuring, free, campuses, "
                "perspectives).",
            ),
            "followup": (
                "Suivi des perspectives",
                "Ce que sont devenues les perspectives de l'année précédente, une entrée par "
                "perspective.",
            ),
            "footnotes": (
                "Notes de bas de page",
                "Identifiant → texte en Markdown ; le texte les appelle par [^id].",
            ),
        },
    ),
    "ChapterKind": Texts(
        "Type de chapitre",
        "structuring : calculé des historiques des campus (gouvernance, portage, nouveaux "
        "CMQ) ; campuses : une section par campus ; perspectives : bilan des perspectives et "
        "perspectives de l'année suivante ; free : sections libres seulement.",
    ),
    "Chapter": Texts(
        "Chapitre",
        "Un chapitre du rapport, calculé ou libre.",
        {
            "id": (
                "Identifiant",
                f"Identifiant stable du chapitre, {_ID} (ex. « activites ») ; [[chap:ID]] "
                "y renvoie.",
            ),
            "kind": (
                "Type",
                "structuring, campuses, perspectives ou free (par défaut).",
            ),
            "title": ("Titre", "Titre sans numéro (ex. « Outils des CMQ »)."),
            "intro": ("Introduction", f"Texte d'ouverture du chapitre, {_MD}."),
            "sections": ("Sections", "Les sections rédigées du chapitre."),
            "notes": (
                "Textes des parties calculées",
                "Nom de la partie → texte en Markdown : governance, governance:CODE, "
                "portage, portage:CODE, new_campus, application, review, plans.",
            ),
        },
    ),
    "FollowUp": Texts(
        "Suivi d'une perspective",
        "Ce qu'est devenue une perspective de l'année précédente.",
        {
            "perspective": (
                "Perspective",
                "Identifiant de la perspective suivie (ex. « p2021-reseau-energie »).",
            ),
            "status": (
                "État",
                "réalisé, en cours, partiellement réalisé, non réalisé, abandonné ou reporté.",
            ),
            "comment": ("Commentaire", f"Ce qui a été fait ou pourquoi, {_MD}."),
        },
    ),
    "PerspectivesFile": Texts(
        "Perspectives",
        "years/AAAA/perspectives.yaml : ce que le rapport de l'année AAAA prévoit pour "
        "l'année suivante.",
        {
            "planned_in": ("Année du rapport", "Année du rapport qui les prévoit (ex. 2021)."),
            "for_year": ("Année visée", "Année pour laquelle elles sont prévues (ex. 2022)."),
            "intro": ("Introduction", f"Texte d'ouverture des perspectives, {_MD}."),
            "themes_intro": (
                "Introductions des thèmes",
                "Thème → texte en Markdown imprimé avant les perspectives de ce thème.",
            ),
            "items": ("Perspectives", "Les perspectives, dans l'ordre du rapport."),
        },
    ),
    "Perspective": Texts(
        "Perspective",
        "Ce qu'un rapport prévoit pour l'année suivante ; le rapport suivant en fait le bilan.",
        {
            "id": (
                "Identifiant",
                f"Identifiant stable, {_ID}, repris par le suivi de l'année suivante (ex. "
                "« p2021-cmq-sante »).",
            ),
            "theme": (
                "Thème",
                "Thème qui regroupe les perspectives (ex. « Nouveaux réseaux »).",
            ),
            "title": ("Titre", "Titre de la perspective (ex. « Énergie »)."),
            "campuses": (
                "Campus concernés",
                "Codes des campus concernés (ex. [ITIP, TI, AMF]).",
            ),
            "text": ("Texte", f"Ce qui est prévu, {_MD}."),
        },
    ),
}

_LISTS: dict[str, Texts] = {
    "GlossaryFile": Texts(
        "Glossaire",
        "glossary.yaml : les termes définis en annexe, avec les pages où ils sont employés.",
        {"terms": ("Termes", "Les termes du glossaire.")},
    ),
    "GlossaryTerm": Texts(
        "Terme du glossaire",
        "Un terme et sa définition.",
        {
            "term": ("Terme", "Le terme défini (ex. « Parcours Avenir »)."),
            "definition": ("Définition", f"La définition, {_MD}."),
            "acronym": ("Sigle", "Sigle du terme, s'il en a un (ex. « PA »)."),
        },
    ),
    "AcronymsFile": Texts(
        "Sigles",
        "acronyms.yaml : chaque sigle et son développement, donné à sa première occurrence.",
        {
            "acronyms": (
                "Sigles",
                "Sigle → développement (ex. « DRAAF: Direction Régionale de l'Alimentation, "
                "de l'Agriculture et de la Forêt ») ou fiche détaillée. Les codes des "
                "campus n'ont pas à y figurer : leur nom les développe.",
            ),
        },
    ),
    "Acronym": Texts(
        "Fiche d'un sigle",
        "Un sigle décrit en détail : son développement, son pluriel, son terme du glossaire.",
        {
            "expansion": (
                "Développement",
                "Le développement du sigle (ex. « Plate-Forme Technologique »).",
            ),
            "plural": (
                "Développement au pluriel",
                "Le développement au pluriel (ex. « Plates-Formes Technologiques »), noté "
                "pour information : le rapport développe le sigle au singulier.",
            ),
            "glossary": (
                "Terme du glossaire",
                "Le terme du glossaire qui définit le sigle (ex. « Plate-Forme Technologique »).",
            ),
        },
    ),
    "ReferencesFile": Texts(
        "Références",
        "references.yaml : la bibliographie, citée dans le texte par [@id].",
        {"references": ("Références", "Les références bibliographiques.")},
    ),
    "Reference": Texts(
        "Référence",
        "Une référence bibliographique, citée par [@id].",
        {
            "id": (
                "Identifiant",
                f"Identifiant de la citation, {_ID} (ex. « rapport-2020 », cité [@rapport-2020]).",
            ),
            "type": (
                "Type",
                "report (par défaut), legislation, webpage, book, article ou document.",
            ),
            "title": (
                "Titre",
                "Titre de l'ouvrage (ex. « Arrêté du 1er juillet 2015 relatif au parcours "
                "Avenir »).",
            ),
            "author": ("Auteurs", "Les auteurs, un par élément."),
            "publisher": (
                "Éditeur",
                "Éditeur ou organisme (ex. « Journal officiel de la République française »).",
            ),
            "year": ("Année", "Année de publication (ex. 2020)."),
            "issued": (
                "Date de publication",
                "Date exacte de publication, au format AAAA-MM-JJ (ex. 2015-07-01).",
            ),
            "url": ("Adresse", "Adresse internet (ex. « https://www.education.gouv.fr/ »)."),
            "note": ("Note", "Précision imprimée avec la référence (texte brut)."),
        },
    ),
}

FILE_TEXTS: dict[str, Texts] = {**_PROJECT, **_NETWORK, **_LISTS}
