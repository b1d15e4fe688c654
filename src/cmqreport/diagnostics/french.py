"""French counts for messages: « 0 erreur », « 1 fichier lu », « 3 fichiers lus ».

In French, 0 and 1 take the singular; the plural starts at 2. Every layer that writes a
count in a message uses these, never « erreur(s) ».
"""

from __future__ import annotations

__all__ = ["agree", "os_reason", "plural"]


def agree(n: int, word: str, many: str | None = None) -> str:
    """``word`` agreed with the count ``n``: « lu » for 0 or 1, « lus » (or ``many``) from 2."""
    if n < 2:
        return word
    return many if many is not None else word + "s"


def plural(n: int, word: str, many: str | None = None) -> str:
    """« 1 fichier », « 3 fichiers »: a count and its French word, plural from 2.

    ``many`` is the plural when it is not the word and an « s » (« 2 travaux »).
    """
    return f"{n} {agree(n, word, many)}"


#: What the system says when a file cannot be read or written, in French.
_OS_ERRORS = {
    "EACCES": "permission refusée",
    "EPERM": "opération non permise",
    "ENOENT": "fichier ou dossier introuvable",
    "EISDIR": "c'est un dossier",
    "ENOTDIR": "un élément du chemin n'est pas un dossier",
    "ENOSPC": "plus de place sur le disque",
    "EDQUOT": "quota du disque dépassé",
    "EFBIG": "fichier trop gros",
    "ELOOP": "liens symboliques en boucle",
    "ENAMETOOLONG": "nom de fichier trop long",
    "EROFS": "disque en lecture seule",
    "EEXIST": "le fichier existe déjà",
    "EBUSY": "fichier occupé",
    "ETXTBSY": "fichier occupé",
    "EMFILE": "trop de fichiers ouverts",
    "EIO": "erreur d'entrée-sortie du disque",
    "ENXIO": "périphérique introuvable",
    "EAGAIN": "ressource momentanément indisponible",
    "EINVAL": "argument invalide",
}


def os_reason(exc: OSError) -> str:
    """Why the system refused a file, in French (« permission refusée »), not its English."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    if name in _OS_ERRORS:
        return _OS_ERRORS[name]
    return f"erreur du système {name or exc.errno or ''}".strip()
