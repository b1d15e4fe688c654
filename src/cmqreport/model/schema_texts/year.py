"""Texts of a campus's year (``years/AAAA/CODE.yaml``) and of the blocks every file shares:
sections, figures, tables."""

from __future__ import annotations

from cmqreport.model.schema_texts.types import Texts

__all__ = ["YEAR_TEXTS"]

_ID = "minuscules, chiffres et tirets, unique dans le rapport"
_MD = "en Markdown"

_BLOCKS: dict[str, Texts] = {
    "Section": Texts(
        "Section",
        "Une section numérotée de texte (« 3.1.2 »), avec ses figures, ses tableaux et ses "
        "sous-sections.",
        {
            "id": (
                "Identifiant",
                f"Identifiant stable de la section, {_ID} (ex. « agt-voie-des-talents ») ; "
                "[[sec:ID]] y renvoie.",
            ),
            "title": (
                "Titre",
                "Titre sans numéro : le rapport numérote lui-même (ex. « Nouvelles formations »).",
            ),
            "body": (
                "Texte",
                f"Texte de la section {_MD}. Un paragraphe fait seulement de [[fig:ID]], "
                "[[tab:ID]] ou [[actions]] place là cette figure, ce tableau ou les actions.",
            ),
            "figures": (
                "Figures",
                "Figures de la section ; celles que le texte ne place pas suivent le texte.",
            ),
            "tables": (
                "Tableaux",
                "Tableaux de la section ; ceux que le texte ne place pas suivent le texte.",
            ),
            "sections": ("Sous-sections", "Sections de niveau inférieur (« 3.1.2.1 »)."),
            "unnumbered": (
                "Sans numéro",
                "true pour une section que le rapport ne numérote pas.",
            ),
        },
    ),
    "Figure": Texts(
        "Figure",
        "Une image, ou une frise dessinée, avec sa légende numérotée (« Figure 3.1 »).",
        {
            "id": (
                "Identifiant",
                f"Identifiant stable de la figure, {_ID} (ex. « agt-voie-des-talents ») ; "
                "[[fig:ID]] y renvoie.",
            ),
            "caption": (
                "Légende",
                "Légende sans numéro (ex. « Concept de la Voie des Talents »).",
            ),
            "file": (
                "Fichier de l'image",
                "Image du projet, chemin relatif (PNG, JPG, SVG ou PDF ; ex. "
                "« assets/salon-2021.png »). Absente : un cadre gris légendé attend "
                "assets/ID.png.",
            ),
            "sequence": (
                "Frise",
                "De 2 à 8 étapes dessinées en flèches, dans l'ordre de l'année, au lieu d'une "
                "image (pas de « file » avec une frise).",
            ),
            "width": (
                "Largeur (%)",
                "Largeur en pourcentage de la largeur du texte, de 10 à 100 (80 par défaut).",
            ),
            "alt": (
                "Texte alternatif",
                "Description de l'image pour qui ne la voit pas (lecteurs d'écran).",
            ),
            "source": (
                "Source",
                "Source ou crédit de l'image (ex. « Photo : lycée Le Castel »).",
            ),
        },
    ),
    "SequenceStep": Texts(
        "Étape de frise",
        "Une étape d'une frise de l'année, écrite dans sa flèche (« Visite de l'entreprise »).",
        {
            "label": (
                "Étape",
                "L'étape, écrite dans la flèche, au plus 60 caractères (ex. « Visite "
                "découverte de l'entreprise »).",
            ),
            "period": (
                "Moment",
                "Le moment de l'année, au-dessus de la flèche, au plus 20 caractères (ex. "
                "« Sept. », « Juin ») ; absent quand la source n'en donne pas.",
            ),
            "detail": (
                "Détail",
                "Ce que l'étape apporte, sous la flèche, au plus 120 caractères.",
            ),
        },
    ),
    "Table": Texts(
        "Tableau",
        "Un tableau numéroté (« Tableau 3.1 ») de cellules de texte brut.",
        {
            "id": (
                "Identifiant",
                f"Identifiant stable du tableau, {_ID} (ex. « msi-formations ») ; "
                "[[tab:ID]] y renvoie.",
            ),
            "caption": ("Légende", "Légende sans numéro (ex. « Thématiques »)."),
            "columns": ("Colonnes", "Les en-têtes des colonnes, dans l'ordre (au moins un)."),
            "rows": (
                "Lignes",
                "Les lignes, chacune une liste de cellules dans l'ordre des colonnes : texte, "
                "nombre ou vide (ex. [Salon des métiers, 120]).",
            ),
            "widths": (
                "Largeurs des colonnes",
                "Largeur relative de chaque colonne, en pourcentage (ex. [30, 70]).",
            ),
            "note": ("Note", f"Texte {_MD} imprimé sous le tableau (source, précision)."),
        },
    ),
    "Metric": Texts(
        "Chiffre d'une action",
        "Un nombre attaché à une action : participants, visiteurs, heures…",
        {
            "label": ("Ce qui est compté", "Ce que le nombre compte (ex. « entretiens »)."),
            "value": ("Valeur", "Le nombre, en chiffres (ex. 46 ou 12.5)."),
            "unit": ("Unité", "Unité du nombre, s'il en a une (ex. « % », « € », « h »)."),
        },
    ),
}

_PLAN: dict[str, Texts] = {
    "Axis": Texts(
        "Axe stratégique",
        "Un axe stratégique du campus, auquel ses actions se rattachent.",
        {
            "id": ("Identifiant", f"Identifiant stable de l'axe, {_ID} (ex. « axe-1 »)."),
            "title": ("Titre", "Intitulé de l'axe (ex. « Attractivité des métiers »)."),
            "description": ("Description", f"Ce que l'axe vise, {_MD}."),
        },
    ),
    "Action": Texts(
        "Action",
        "Une action menée par le campus pendant l'année.",
        {
            "id": ("Identifiant", f"Identifiant stable de l'action, {_ID} (ex. « salon »)."),
            "title": (
                "Titre",
                "Nom de l'action, imprimé en gras devant son texte (ex. « Salon des métiers »).",
            ),
            "text": ("Texte", f"Ce qui a été fait, {_MD}."),
            "axis": (
                "Axe",
                "Identifiant de l'axe stratégique de l'action (un « id » de « axes »).",
            ),
            "section": (
                "Section",
                "Identifiant de la section du rapport qui présente l'action ; absente, "
                "l'action n'est pas imprimée (donnée pour les indicateurs et les "
                "perspectives).",
            ),
            "start": ("Début", "Date de début, au format AAAA-MM-JJ (ex. 2021-09-01)."),
            "end": ("Fin", "Date de fin, au format AAAA-MM-JJ (ex. 2022-06-30)."),
            "partners": (
                "Partenaires",
                "Les partenaires de l'action, un par élément (ex. « DRAAF », « EDF »).",
            ),
            "metrics": (
                "Chiffres",
                "Ce que l'action a compté (ex. 46 entretiens, 120 visiteurs).",
            ),
            "status": (
                "État",
                "réalisé, en cours, partiellement réalisé, non réalisé, abandonné ou reporté.",
            ),
            "answers": (
                "Perspectives suivies",
                "Identifiants des perspectives de l'année précédente auxquelles l'action "
                "répond (ex. « p2021-reseau-energie »).",
            ),
        },
    ),
    "Indicator": Texts(
        "Indicateur",
        "Un indicateur d'autoévaluation du campus (annexe « Suivi des indicateurs »).",
        {
            "axis": (
                "Axe du référentiel",
                "Axe du référentiel d'autoévaluation (ex. « Axe 1 - Anticiper l'impact des "
                "mutations économiques… »).",
            ),
            "indicator": (
                "Indicateur",
                "Ce que l'indicateur mesure (ex. « Nombre d'entretiens réalisés »).",
            ),
            "value": ("Valeur", "Valeur de l'année : un nombre (ex. 47) ou un texte court."),
            "comment": ("Commentaire", f"Précision sur la valeur, {_MD}."),
        },
    ),
    "OperationalObjective": Texts(
        "Objectif opérationnel",
        "Un objectif opérationnel du plan d'action, avec ce qui a été réalisé.",
        {
            "id": ("Numéro", "Numéro de l'objectif dans le plan d'action (ex. « 1.1 »)."),
            "title": ("Intitulé", "Intitulé de l'objectif opérationnel."),
            "achievements": (
                "Réalisations",
                f"Ce qui a été réalisé pour cet objectif, un élément par réalisation, {_MD}.",
            ),
        },
    ),
    "ActionPlanObjective": Texts(
        "Objectif stratégique",
        "Un objectif stratégique du plan d'action (annexe « Objectifs et plan d'action »).",
        {
            "id": ("Numéro", "Numéro de l'objectif stratégique (ex. « 1 »)."),
            "title": ("Intitulé", "Intitulé de l'objectif stratégique."),
            "objectives": ("Objectifs opérationnels", "Les objectifs opérationnels qu'il réunit."),
        },
    ),
    "Finances": Texts(
        "Moyens financiers",
        "Les financements du campus par source et par année, dessinés en graphique et "
        "repris en tableau.",
        {
            "id": (
                "Identifiant",
                f"Identifiant de la figure, {_ID} (« moyens-financiers » par défaut).",
            ),
            "caption": ("Légende", "Légende de la figure (« Moyens financiers du CMQ »)."),
            "currency": (
                "Devise",
                "Code ISO 4217 de la devise des montants (« EUR » par défaut, ex. « CHF »).",
            ),
            "lines": ("Sources de financement", "Une ligne par source, avec ses montants."),
            "note": ("Note", f"Texte {_MD} imprimé sous le tableau des montants."),
        },
    ),
    "FundingLine": Texts(
        "Source de financement",
        "Ce qu'une source a apporté, année par année.",
        {
            "source": ("Source", "La source de financement (ex. « Subventions publiques »)."),
            "amounts": (
                "Montants",
                "Montant par année, dans la devise des moyens financiers (ex. 2020: 15000, "
                "2021: 18000.50).",
            ),
        },
    ),
    "Annex": Texts(
        "Annexe",
        "Une annexe du rapport ; ses lettres (A, B…) suivent l'ordre du rapport.",
        {
            "id": (
                "Identifiant",
                f"Identifiant stable de l'annexe, {_ID} ; [[annexe:ID]] y renvoie.",
            ),
            "title": ("Titre", "Titre sans lettre (ex. « Objectifs et plan d'action »)."),
            "body": ("Texte", f"Texte de l'annexe, {_MD}."),
            "include": (
                "Contenu calculé",
                "action_plan (le plan d'action) ou indicators (les indicateurs) : les "
                "données du campus que l'annexe présente en tableau.",
            ),
            "figures": ("Figures", "Figures de l'annexe."),
            "tables": ("Tableaux", "Tableaux de l'annexe."),
            "table_id": (
                "Identifiant du tableau calculé",
                "Identifiant du tableau produit par « include » (ex. « agt-suivi-indicateurs »).",
            ),
            "table_caption": (
                "Légende du tableau calculé",
                "Légende du tableau produit par « include » (ex. « Suivi des indicateurs »).",
            ),
        },
    ),
}

YEAR_TEXTS: dict[str, Texts] = {
    **_BLOCKS,
    **_PLAN,
    "Status": Texts(
        "État de suivi",
        "Ce qu'est devenue une action ou une perspective : réalisé, en cours, partiellement "
        "réalisé, non réalisé, abandonné ou reporté.",
    ),
    "CampusYear": Texts(
        "Année d'un campus",
        "years/AAAA/CODE.yaml (ou CODE.xlsx) : ce qu'un campus a fait pendant une année, "
        "présenté dans sa section du chapitre des campus.",
        {
            "campus": (
                "Campus",
                "Code du campus, le même que le nom du fichier (ex. « AGT »).",
            ),
            "year": ("Année", "Année du rapport, celle du dossier years/AAAA (ex. 2021)."),
            "title": (
                "Titre de la section",
                "Titre de la section du campus ; absent : « CMQ » suivi du nom du campus.",
            ),
            "intro": ("Introduction", f"Texte d'ouverture de la section du campus, {_MD}."),
            "figures": (
                "Figures de l'introduction",
                "Figures placées dans l'introduction, avant les sous-sections.",
            ),
            "tables": (
                "Tableaux de l'introduction",
                "Tableaux placés dans l'introduction, avant les sous-sections.",
            ),
            "axes": ("Axes stratégiques", "Les axes stratégiques du campus."),
            "sections": (
                "Sections",
                "Les sous-sections de la section du campus (« 3.1.1 », « 3.1.2 »…).",
            ),
            "actions": ("Actions", "Les actions de l'année."),
            "indicators": (
                "Indicateurs",
                "Les indicateurs d'autoévaluation de l'année (annexe « Suivi des indicateurs »).",
            ),
            "action_plan": (
                "Plan d'action",
                "Les objectifs stratégiques et opérationnels, avec leurs réalisations.",
            ),
            "finances": (
                "Moyens financiers",
                "Les financements par source et par année (graphique et tableau).",
            ),
            "finances_section": (
                "Section des moyens financiers",
                "Identifiant de la section où placer la figure des moyens financiers.",
            ),
            "annexes": ("Annexes", "Les annexes du campus, dans l'ordre."),
            "footnotes": (
                "Notes de bas de page",
                "Identifiant → texte en Markdown ; le texte les appelle par [^id] (ex. "
                "« jpo: Journées portes ouvertes du 12 mars. »).",
            ),
        },
    ),
}
