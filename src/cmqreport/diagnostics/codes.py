"""The table of diagnostic codes: stable code, slug, severity and documentation."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["CODES", "Code", "Severity"]


class Severity(StrEnum):
    """How bad a diagnostic is."""

    error = "error"
    warning = "warning"
    info = "info"


@dataclass(frozen=True)
class Code:
    """A stable diagnostic code with its slug and its documentation."""

    code: str
    slug: str
    severity: Severity
    summary: str
    explanation: str
    #: A typical fix, « avant » → « après » (docs/diagnostics.md, ``cmqreport explain``).
    fix: str = ""


def _codes(*codes: Code) -> dict[str, Code]:
    return {c.code: c for c in codes}


E, W, I = Severity.error, Severity.warning, Severity.info  # noqa: E741

# fmt: off
#: Every code cmqreport can print. Codes are never renumbered; retired codes stay listed.
CODES: dict[str, Code] = _codes(
    Code(
        "CMQ-V001", "yaml-syntax", E, "Syntaxe YAML invalide.",
        "Le fichier n'est pas du YAML valide (indentation, deux-points, guillemets).",
        '`title: "Campus AGT` → `title: "Campus AGT"`',
    ),
    Code(
        "CMQ-V002", "unknown-key", E, "Clé inconnue.",
        "La clé n'existe pas dans ce type de fichier ; une clé proche est proposée.",
        "`sectoin: faits-marquants` → `section: faits-marquants`",
    ),
    Code(
        "CMQ-V003", "missing-key", E, "Clé obligatoire absente.",
        "Le bloc signalé doit contenir cette clé.",
        "ajouter `name: Alimentation, Goût, Tourisme` au bloc signalé",
    ),
    Code(
        "CMQ-V004", "date-invalid", E, "Date invalide.",
        "Les dates s'écrivent AAAA-MM-JJ et doivent exister (pas de 31 avril).",
        "`start: 2021-02-30` → `start: 2021-02-28` ; `4 février 2021` → `2021-02-04`",
    ),
    Code(
        "CMQ-V005", "type-invalid", E, "Valeur du mauvais type.",
        "La valeur n'a pas le type attendu (texte, nombre, liste, booléen...).",
        '`title: [Salon, bouche]` → `title: "Salon, bouche"`',
    ),
    Code(
        "CMQ-V006", "value-invalid", E, "Valeur non autorisée.",
        "La valeur ne respecte pas la liste des choix possibles ou le format attendu.",
        "`status: terminé` → `status: réalisé` ; `id: Salon 2021` → `id: salon-2021`",
    ),
    Code(
        "CMQ-V007", "duplicate-key", E, "Clé en double.",
        "La même clé apparaît deux fois dans un bloc ; YAML garderait silencieusement la "
        "seconde.",
        "supprimer ou renommer la seconde `title:` du bloc",
    ),
    Code(
        "CMQ-V008", "yaml-tab", E, "Tabulation dans l'indentation.",
        "YAML n'accepte que des espaces pour indenter.",
        "remplacer la tabulation en début de ligne par des espaces",
    ),
    Code(
        "CMQ-V009", "yaml-tag", E, "Étiquette YAML interdite.",
        "Les étiquettes (!!python/..., !tag) peuvent exécuter du code : elles sont refusées.",
        "`title: !!python/object:x {}` → `title: Salon`",
    ),
    Code(
        "CMQ-V010", "yaml-alias", E, "Alias YAML trop coûteux.",
        "Les alias (*ancre) qui se multiplient (« alias bomb ») sont refusés.",
        "écrire les données en entier, sans `&ancre` ni `*alias`",
    ),
    Code(
        "CMQ-V011", "yaml-depth", E, "Imbrication trop profonde.",
        "Le fichier imbrique plus de blocs que ne le permet une donnée de rapport.",
        "fermer les crochets `[` et accolades `{` restés ouverts",
    ),
    Code(
        "CMQ-V012", "yaml-ambiguous-bool", W, "Booléen ambigu (YAML 1.1).",
        "yes/no/on/off sont des booléens en YAML 1.1 mais du texte en YAML 1.2 ; "
        "écrivez true/false ou mettez le texte entre guillemets.",
        '`value: no` → `value: "no"` (texte) ou `value: false` (booléen)',
    ),
    Code(
        "CMQ-V013", "encoding", E, "Encodage non UTF-8.",
        "Les fichiers doivent être enregistrés en UTF-8 (un BOM et des fins de ligne CRLF "
        "sont acceptés).",
        "« Enregistrer sous » → encodage UTF-8 (au lieu de Latin-1, Windows-1252 ou UTF-16)",
    ),
    Code(
        "CMQ-V014", "empty-file", E, "Fichier vide.",
        "Le fichier ne contient aucune donnée.",
        "remplir le fichier (`campus: AGT`, `year: 2021`...) ou le supprimer",
    ),
    Code(
        "CMQ-V015", "number-as-text", E, "Nombre écrit comme du texte.",
        "« 15 000,00 € » est du texte : écrivez le nombre sans espace ni symbole (15000.00).",
        "`2021: 15 000,00 €` → `2021: 15000.00`",
    ),
    Code(
        "CMQ-V016", "not-a-mapping", E, "Le fichier doit être un bloc de clés.",
        "Le haut du fichier doit être une suite « clé: valeur ».",
        "`- campus: AGT` → `campus: AGT`",
    ),
    Code(
        "CMQ-V020", "unknown-campus", E, "Campus inconnu.",
        "Le code de campus ne correspond à aucun fichier campuses/CODE.yaml.",
        "`campus_order: [AGT, XYZ]` → créer campuses/XYZ.yaml ou corriger le code",
    ),
    Code(
        "CMQ-V021", "duplicate-id", E, "Identifiant en double.",
        "Deux éléments portent le même identifiant ; les identifiants doivent être uniques.",
        "second `id: salon` → `id: salon-du-chocolat`",
    ),
    Code(
        "CMQ-V022", "date-outside-year", E, "Date hors de l'année.",
        "Une action de l'année N doit se dérouler (au moins en partie) pendant l'année N.",
        "dans years/2021 : `start: 2022-01-10` → `start: 2021-01-10`, ou déplacer l'action "
        "dans years/2022",
    ),
    Code(
        "CMQ-V023", "unknown-perspective", E, "Perspective inconnue.",
        "L'identifiant ne correspond à aucune perspective du rapport de l'année précédente.",
        "`answers: [tiers-lieux]` → `answers: [tiers-lieu]` (id de "
        "years/2020/perspectives.yaml)",
    ),
    Code(
        "CMQ-V024", "unknown-reference", E, "Renvoi vers un élément inexistant.",
        "Le renvoi [[type:id]] ne désigne aucune figure, tableau, annexe, section ou chapitre.",
        "`[[fig:nope]]` → `[[fig:salon]]` (id d'une figure de l'année)",
    ),
    Code(
        "CMQ-V025", "unknown-citation", E, "Citation inconnue.",
        "La citation [@id] ne correspond à aucune entrée de references.yaml.",
        "ajouter `- id: rapport-2019` à references.yaml, ou corriger `[@rapport-2019]`",
    ),
    Code(
        "CMQ-V026", "acronym-undefined", E, "Sigle non défini.",
        "Un mot en capitales est utilisé comme sigle sans être défini dans acronyms.yaml.",
        "acronyms.yaml : ajouter `DRAAF: Direction régionale de l'alimentation, de "
        "l'agriculture et de la forêt`",
    ),
    Code(
        "CMQ-V027", "acronym-unused", W, "Sigle jamais utilisé.",
        "Le sigle est défini mais n'apparaît nulle part dans le rapport.",
        "supprimer le sigle d'acronyms.yaml, ou l'employer dans le texte",
    ),
    Code(
        "CMQ-V028", "stray-file", W, "Fichier hors projet.",
        "Le fichier n'appartient à aucune partie du projet ; il est ignoré.",
        "déplacer `years/2021/notes.yaml` hors des données ; fermer Excel (`~$AGT.xlsx`)",
    ),
    Code(
        "CMQ-V029", "year-mismatch", E, "Année ou campus incohérent.",
        "Le contenu du fichier ne correspond pas à son emplacement (année, code de campus).",
        "dans years/2021/AGT.yaml : `year: 2020` → `year: 2021`",
    ),
    Code(
        "CMQ-V030", "unknown-footnote", E, "Note de bas de page inconnue.",
        "L'appel [^id] ne correspond à aucune note de la clé footnotes: du fichier.",
        "ajouter `footnotes: {portage: Lycée Le Castel, Dijon.}` pour l'appel `[^portage]`",
    ),
    Code(
        "CMQ-V031", "unused-footnote", W, "Note de bas de page jamais appelée.",
        "La note est définie mais aucun texte ne l'appelle par [^id].",
        "appeler la note par `[^portage]` dans le texte, ou la supprimer",
    ),
    Code(
        "CMQ-V032", "unknown-axis", E, "Axe ou section inconnu.",
        "L'action renvoie à un axe ou une section absents du fichier ; dans un classeur, un "
        "chiffre, une figure, un tableau ou une sous-section renvoie à une action, une "
        "section ou une annexe absente.",
        "`axis: attractivte` → `axis: attractivite` (id déclaré sous `axes:`)",
    ),
    Code(
        "CMQ-V033", "path-outside-project", E, "Chemin hors du projet.",
        "Les fichiers cités par les données doivent être dans le projet.",
        "`file: ../../photos/salon.png` → copier l'image et écrire `file: assets/salon.png`",
    ),
    Code(
        "CMQ-V034", "missing-file", E, "Fichier introuvable.",
        "Le fichier cité n'existe pas dans le projet.",
        "ajouter assets/forum.png, corriger son nom, ou retirer `file:` (cadre vide)",
    ),
    Code(
        "CMQ-V035", "date-order", E, "Dates dans le désordre.",
        "La date de fin précède la date de début.",
        "`start: 2021-03-06`, `end: 2021-03-04` → inverser les deux dates",
    ),
    Code(
        "CMQ-V036", "followup-unknown", E, "Suivi d'une perspective inconnue.",
        "Le suivi cite une perspective absente du rapport de l'année précédente.",
        "`perspective: tiers-lieux` → `perspective: tiers-lieu`",
    ),
    Code(
        "CMQ-V037", "missing-year", E, "Année sans données.",
        "Aucun fichier years/AAAA/network.yaml pour l'année demandée.",
        "créer years/2021/network.yaml (`year`, `title`, `summary`)",
    ),
    Code(
        "CMQ-V038", "glossary-unknown", E, "Terme de glossaire inconnu.",
        "Le sigle renvoie à un terme absent de glossary.yaml.",
        "`glossary: Campus des métiers` → le terme exact de glossary.yaml",
    ),
    Code(
        "CMQ-V040", "template-error", E, "Erreur dans un gabarit.",
        "Un gabarit Jinja du projet contient une erreur ; le fichier et la ligne sont "
        "indiqués.",
        "`{{ campus.name }` → `{{ campus.name }}` à la ligne indiquée du gabarit",
    ),
    Code(
        "CMQ-V133", "template-limit", E, "Gabarit arrêté par une limite du bac à sable.",
        "Un gabarit du projet a dépassé une des limites qui empêchent un gabarit de tourner "
        "sans fin ou de remplir la mémoire ; le fichier et la ligne sont indiqués. Les "
        "limites, pour tous les gabarits d'un rapport : range() de 100 000 nombres au "
        "plus ; une valeur construite (texte, liste, `*`, `~`, `+`, un filtre, un format) "
        "de 2 000 000 caractères ou éléments au plus ; un nombre calculé (`*`, `**`) de "
        "100 000 bits au plus ; des macros, ou des gabarits inclus, imbriqués sur 50 niveaux au "
        "plus ; une sortie de 2 000 000 caractères au plus, ou de dix fois la taille des "
        "fichiers de données du rapport si c'est davantage ; 1 000 000 unités de travail en "
        "tout (un tour de boucle, 20 par appel, 1 par bloc de 64 caractères lus ou "
        "construits) ; 5 secondes de calcul au plus, davantage dans la même proportion que "
        "la sortie. Le rapport intégré n'en utilise qu'une petite part.",
        "`{% for i in range(10**9) %}` → `{% for campus in campuses %}`",
    ),
    Code(
        "CMQ-V134", "template-forbidden", E, "Opération interdite dans un gabarit.",
        "Un gabarit du projet tente une opération que le bac à sable de Jinja refuse : un "
        "attribut interne (`__class__`, `_privé`), l'appel d'une fonction non sûre, un "
        "nombre impossible à calculer. Un gabarit écrit du texte à partir des données ; il "
        "n'atteint ni Python ni les fichiers.",
        "`{{ campus.__class__ }}` → `{{ campus.name }}`",
    ),
    Code(
        "CMQ-V050", "xlsx-invalid", E, "Classeur illisible.",
        "Le classeur n'est pas un fichier .xlsx lisible : ancien format .xls, classeur "
        "protégé par un mot de passe, fichier endommagé ou d'un autre format (.ods...).",
        "AGT.xls → « Enregistrer sous » Classeur Excel (.xlsx) ; retirer le mot de passe "
        "(Fichier → Informations → Protéger le classeur)",
    ),
    Code(
        "CMQ-V051", "xlsx-formula", E, "Formule sans valeur calculée.",
        "La cellule contient une formule dont le classeur n'a pas enregistré le résultat "
        "(classeur produit par un programme, jamais ouvert dans un tableur).",
        "ouvrir et enregistrer le classeur dans Excel ou LibreOffice, ou remplacer "
        "`=SOMME(B2:B4)` par sa valeur (Collage spécial → Valeurs)",
    ),
    Code(
        "CMQ-V052", "xlsx-error-value", E, "Cellule en erreur.",
        "La cellule affiche une erreur de formule (#DIV/0!, #N/A, #REF!, #VALEUR!...).",
        "`=B2/C2` qui donne #DIV/0! → corriger la formule ou taper la valeur",
    ),
    Code(
        "CMQ-V053", "xlsx-date", E, "Date mal saisie.",
        "Une colonne de dates contient du texte (« 04/02/2021 » tapé dans une cellule au "
        "format Texte) ou un nombre, ou une colonne de texte contient une date (Excel a "
        "converti « 1.1 » en 1er janvier).",
        "cellule Début « 04/02/2021 » en texte → format Date puis retaper 04/02/2021, ou "
        "écrire 2021-02-04",
    ),
    Code(
        "CMQ-V054", "xlsx-merged-cells", E, "Cellules fusionnées.",
        "Des cellules fusionnées ne gardent que la valeur de la première : chaque ligne doit "
        "avoir ses propres valeurs.",
        "annuler la fusion de A2:A5 et recopier la valeur dans chaque cellule",
    ),
    Code(
        "CMQ-V055", "xlsx-stray-value", E, "Valeur hors du tableau.",
        "Une valeur est dans une colonne sans en-tête, ou isolée loin sous les données (par "
        "exemple en ligne 1048576) : elle n'est pas lue.",
        "supprimer la valeur de A1048576, ou donner un en-tête à sa colonne",
    ),
    Code(
        "CMQ-V056", "xlsx-header", E, "En-tête inconnu ou absent.",
        "Un en-tête de colonne (ou un nom de champ de la feuille Campus) n'est pas reconnu, "
        "ou une colonne obligatoire manque ; un nom proche est proposé. Une colonne en plus "
        "sans nom proche n'est qu'un avertissement.",
        "en-tête « Titre de l'action » → « Titre »",
    ),
    Code(
        "CMQ-V057", "xlsx-duplicate-header", E, "En-tête en double.",
        "Deux colonnes (ou deux lignes de la feuille Campus) portent le même nom ; la "
        "seconde n'est pas lue.",
        "supprimer ou renommer la seconde colonne « Titre »",
    ),
    Code(
        "CMQ-V058", "xlsx-sheet", W, "Feuille absente ou inconnue.",
        "Une feuille attendue manque (lue comme vide), ou une feuille n'est pas reconnue (non "
        "lue) ; c'est une erreur pour la feuille Campus ou une feuille au nom proche d'une "
        "feuille attendue.",
        "renommer la feuille « Action » en « Actions »",
    ),
    Code(
        "CMQ-V059", "source-twice", E, "Deux fichiers pour une année d'un campus.",
        "years/AAAA/CODE.yaml et years/AAAA/CODE.xlsx décrivent la même année du même campus "
        "; aucun n'est lu tant que l'un des deux reste.",
        "garder years/2021/AGT.xlsx et supprimer years/2021/AGT.yaml (ou l'inverse)",
    ),
    Code(
        "CMQ-V060", "image-outside-project", E, "Image hors du projet.",
        "Une image d'un texte Markdown (`![…](chemin)`, ou `[nom]: chemin` d'une image "
        "`![…][nom]`) ou d'un gabarit du projet désigne un fichier hors du projet : chemin "
        "absolu, `..` qui sort du dossier, URI `file:`, ou lien symbolique vers ailleurs. Rien "
        "hors du projet n'entre dans un rapport.",
        "`![Plan](/home/moi/plan.png)` → copier l'image dans assets/ et en faire une figure "
        "(`figures:` avec `file: assets/plan.png`)",
    ),
    Code(
        "CMQ-V061", "image-remote", E, "Image distante.",
        "Une image d'un texte Markdown ou d'un gabarit du projet est donnée par une adresse "
        "(`http:`, `https:`, `ftp:`, `data:`…) : la construction ne télécharge rien, les "
        "images viennent des fichiers du projet.",
        "`![Photo](https://exemple.fr/photo.png)` → enregistrer l'image dans assets/ et en "
        "faire une figure (`file: assets/photo.png`)",
    ),
    Code(
        "CMQ-V062", "link-not-allowed", E, "Lien non autorisé.",
        "Un lien ne peut mener qu'à une adresse web (`https://…`, `http://…`), à une adresse "
        "électronique (`mailto:`) ou à une partie du rapport (`#id`) : pas à un fichier de "
        "la machine ni du projet (`file:`, `/chemin`, `../chemin`), ni à une autre sorte "
        "d'adresse (`javascript:`).",
        "`[le programme](file:///home/moi/programme.pdf)` → "
        "`[le programme](https://exemple.fr/programme.pdf)`",
    ),
    Code(
        "CMQ-V063", "data-file-outside-project", E, "Fichier de données hors du projet.",
        "Le fichier de données est un lien symbolique (ou est dans un dossier lié) vers un "
        "fichier hors du projet : il n'est pas lu.",
        "remplacer le lien years/2021/AGT.yaml par une copie du fichier",
    ),
    Code(
        "CMQ-V065", "template-outside-project", E, "Gabarit hors du projet.",
        "Un gabarit de templates/ (ou le dossier templates/ lui-même) est un lien vers un "
        "fichier hors du projet : il n'est pas lu, pour que rien d'extérieur au projet "
        "n'entre dans le rapport.",
        "remplacer le lien templates/campus.md.j2 par une copie du fichier",
    ),
    Code(
        "CMQ-V070", "xlsx-too-large", E, "Classeur trop volumineux, ou piégé.",
        "Une partie du classeur se décompresserait en plus de 20 Mio de XML, ou en plus de "
        "100 fois sa taille compressée (une « bombe zip »), ou l'archive entière en plus de "
        "200 Mio, ou elle compte plus de 5 000 fichiers : bien plus qu'un classeur de "
        "campus. Le classeur est refusé d'après son répertoire, sans être décompressé.",
        "classeur de 2 Mo dont la feuille se décompresse en 2 Gio → l'ouvrir dans Excel, "
        "vérifier son contenu et l'enregistrer de nouveau, ou le recréer avec "
        "`cmqreport export-xlsx AGT 2021`",
    ),
    Code(
        "CMQ-V071", "annotations-capped", I, "Annotations GitHub limitées.",
        "GitHub Actions ne montre que 10 annotations d'erreur, 10 d'avertissement et 10 de "
        "note par étape : au-delà, `validate --format github` n'annote plus et le dit dans "
        "une dernière note ; tous les diagnostics sont dans le texte qui suit les "
        "annotations (journal de l'étape).",
        "15 erreurs → 10 annotations, une note « 5 diagnostic(s) de plus sans annotation », "
        "puis les 15 lignes du texte",
    ),
    Code(
        "CMQ-V075", "campus-year-empty", W, "Année d'un campus vide.",
        "Le fichier de l'année d'un campus existe mais ne dit encore rien de l'année : ni "
        "texte, ni action, ni valeur d'indicateur, ni figure. Sa section du rapport serait "
        "vide ; cmqreport status dit où en est chaque campus.",
        "remplir le classeur years/2022/AGT.xlsx (intro, sections, actions)",
    ),
    Code(
        "CMQ-V076", "campus-year-not-rendered", W, "Année d'un campus absente du rapport.",
        "Aucun chapitre de years/AAAA/network.yaml n'a « kind: campuses » : les années des "
        "campus ne sont rendues nulle part dans le rapport.",
        "ajouter un chapitre « - id: activites / kind: campuses / title: Activités des CMQ »",
    ),
    Code(
        "CMQ-V080", "xlsx-id-capitalised", W, "Identifiant avec une majuscule.",
        "Un identifiant d'un classeur commence par une majuscule (souvent mise par la "
        "correction automatique) : il est lu en minuscules, et l'identifiant exact est proposé.",
        "« Agri-attractivite » → « agri-attractivite »",
    ),
    Code(
        "CMQ-V081", "ods-workbook", E, "Classeur OpenDocument (.ods).",
        "Le classeur d'une année d'un campus a été enregistré au format OpenDocument (.ods, "
        "le format par défaut de LibreOffice) : il n'est pas lu, et le campus manquerait au "
        "rapport.",
        "years/2021/AGT.ods → Fichier → Enregistrer sous → « Excel 2007-365 (.xlsx) »",
    ),
    Code(
        "CMQ-V095", "figure-without-picture", W, "Figure sans image.",
        "Une figure n'a pas d'image (pas de `file:`, ou la colonne « Fichier » de la feuille "
        "Figures vide) : le rapport imprime à sa place un cadre gris qui dit le fichier "
        "attendu, assets/<id>.png. `--strict` échoue tant qu'une image manque.",
        "figure msi-fig-turin → placer la photo dans assets/msi-fig-turin.png et écrire "
        "`file: assets/msi-fig-turin.png`",
    ),
    Code(
        "CMQ-V110", "figure-picture-and-sequence", E, "Figure avec une image et une frise.",
        "Une figure a à la fois une image (`file:`) et une frise dessinée par la construction "
        "(`sequence:`) : le rapport n'en imprimerait qu'une. Gardez l'une des deux.",
        "retirer `file: assets/parcours.png` de la figure qui a `sequence:`",
    ),
    Code(
        "CMQ-V111", "sequence-step-without-text", E, "Étape de frise sans texte.",
        "Une étape de la frise d'une figure (`sequence:`) a un `label:` vide : sa flèche "
        "serait dessinée sans texte.",
        "`- label: Visite de l'entreprise`",
    ),
    Code(
        "CMQ-V127", "not-a-regular-file", E, "Donnée qui n'est pas un fichier ordinaire.",
        "À la place d'un fichier de données, d'un gabarit ou d'une image se trouve un tube "
        "nommé (FIFO), un périphérique (un lien vers /dev/zero…), un dossier ou un lien "
        "cassé. Il n'est jamais ouvert (l'ouvrir pourrait bloquer ou ne jamais finir) et ce "
        "qu'il devait apporter manque au rapport.",
        "years/2021/AGT.yaml → /dev/zero : remplacer le lien par le fichier lui-même",
    ),
    Code(
        "CMQ-V128", "file-too-large", E, "Fichier trop grand.",
        "Un fichier dépasse la taille admise pour son type : 2 Mo pour un fichier YAML, 1 Mo "
        "pour un gabarit, 20 Mo pour un classeur, 25 Mo pour une image. Il n'est pas lu, ce qui "
        "répond en un instant au lieu d'analyser longuement un fichier qui n'est "
        "probablement pas le bon.",
        "years/2021/AGT.yaml de 60 Mo → le fichier de l'année, quelques dizaines de Ko",
    ),
    Code(
        "CMQ-V129", "text-too-long", E, "Texte trop long.",
        "Une valeur de texte dépasse 1 500 000 caractères (un chapitre entier tient en "
        "quelques milliers) : le fichier n'est pas utilisé.",
        "un body: de 2 millions de caractères → plusieurs sections",
    ),
    Code(
        "CMQ-V120", "control-character", E, "Caractère de contrôle dans le texte.",
        "Un caractère invisible de commande (ESC, NUL, BEL…, souvent collé depuis un terminal "
        "ou un vieux logiciel) est dans une valeur. Aucun format ne l'imprime et un terminal "
        "l'exécuterait : il est signalé à sa place exacte, écrit U+001B, pour être supprimé. "
        "La tabulation et le retour à la ligne restent permis.",
        "`title: Salon<U+001B>[31m` → `title: Salon`",
    ),
    Code(
        "CMQ-V121", "heading-in-text", E, "Titre Markdown dans un texte.",
        "Un texte en Markdown (body, intro, description…) contient une ligne de titre "
        "(`# Titre`, ou une ligne soulignée de `===` ou `---`). Les titres du rapport "
        "viennent de sa structure (chapitres, sections, `sections:` d'une section) : un titre "
        "dans un texte casserait la numérotation et la table des matières. Le texte est "
        "refusé plutôt que rétrogradé, pour que l'auteur choisisse.",
        "`# Bilan` dans body → une sous-section `sections: - id: bilan, title: Bilan`, ou "
        "`**Bilan**` ; pour un `#` en début de ligne, écrivez `\\#`",
    ),
    Code(
        "CMQ-V122", "style-in-text", E, "Style Word choisi dans un texte.",
        "Un texte en Markdown donne à un bloc ou à un passage un style Word par "
        "l'attribut `custom-style` (`::: {custom-style=\"Title\"}`). Les styles ne "
        "viennent que des gabarits et du document de référence : l'attribut est refusé.",
        "`[texte]{custom-style=\"Strong\"}` → `**texte**`",
    ),
)
