"""The French wording of every content error, in one place.

Each function returns the message part (after « fichier, ligne, champ : »).
Imports nothing local.
"""
from __future__ import annotations

import difflib

import yaml


def _list(values, limit: int = 8) -> str:
    values = [str(v) for v in values]
    shown = ", ".join(values[:limit])
    return shown + (", …" if len(values) > limit else "")


# --- Files and YAML -------------------------------------------------------


def unreadable(err: OSError) -> str:
    return f"fichier illisible ({err.strerror or err})."


def too_big(size: int, limit: int) -> str:
    return f"fichier trop volumineux ({size // 1000} Ko) ; la limite est de {limit // 1000} Ko."


def not_utf8() -> str:
    return "le fichier n'est pas encodé en UTF-8 ; enregistrez-le en UTF-8."


def empty_file() -> str:
    return "le fichier est vide."


def no_front_matter() -> str:
    return "en-tête manquant : la page doit commencer par une ligne « --- », ses champs, puis une autre ligne « --- »."


def not_a_mapping() -> str:
    return "l'en-tête doit être une suite de lignes « champ: valeur »."


def control_character(char) -> str:
    code = ord(char) if isinstance(char, str) else int(char or 0)
    return f"caractère de contrôle interdit (code {code:#04x}) : le fichier est-il bien un texte ?"


def tab() -> str:
    return "tabulation interdite : indentez avec des espaces."


def unclosed_quote() -> str:
    return "guillemet ouvert mais jamais fermé : fermez-le à la fin de la valeur."


def duplicate_key(first_line: int) -> str:
    return f"champ présent deux fois (déjà défini ligne {first_line})."


_YAML_HINTS = (
    ("cannot start any token", "\t", "tabulation interdite : indentez avec des espaces."),
    ("found character '\\t'", "", "tabulation interdite : indentez avec des espaces."),
    ("while scanning a quoted scalar", "", "guillemet ouvert mais jamais fermé."),
    ("found unexpected end of stream", "", "guillemet ou crochet ouvert mais jamais fermé."),
    ("mapping values are not allowed", "", "deux-points inattendu : mettez la valeur entre guillemets."),
    ("expected <block end>", "", "indentation incohérente : alignez ce champ sur ceux de même niveau."),
    ("did not find expected key", "", "indentation incohérente : alignez ce champ sur ceux de même niveau."),
    ("did not find expected '-' indicator", "", "indentation incohérente dans une liste."),
    ("while parsing a flow", "", "crochet ou accolade mal fermé."),
    ("could not find expected ':'", "", "deux-points manquant après le nom du champ."),
    ("found undefined alias", "", "alias YAML inconnu (« * » en début de valeur : mettez-la entre guillemets)."),
    ("found character '@'", "", "une valeur ne peut pas commencer par « @ » : mettez-la entre guillemets."),
    ("found character '`'", "", "une valeur ne peut pas commencer par « ` » : mettez-la entre guillemets."),
)


def recursive_alias() -> str:
    return "alias YAML placé dans la valeur de sa propre ancre (« &nom » puis « *nom » à l'intérieur) : cette valeur serait sans fin ; retirez l'alias."


def too_many_aliases() -> str:
    return "alias YAML trop nombreux : repris les uns dans les autres, ils donneraient une valeur démesurée ; recopiez les valeurs."


def yaml_error(err: yaml.YAMLError) -> str:
    text = str(err)
    for needle, extra, message in _YAML_HINTS:
        if needle in text and (not extra or extra in text or "\\t" in text):
            return message
    problem = getattr(err, "problem", None) or text.splitlines()[0]
    return f"syntaxe YAML invalide ({problem})."


# --- Fields ------------------------------------------------------------------


def unknown_field(name: str, allowed) -> str:
    close = difflib.get_close_matches(name, list(allowed), n=1, cutoff=0.6)
    hint = f" Vouliez-vous dire « {close[0]} » ?" if close else ""
    return f"champ inconnu.{hint} Champs permis : {_list(sorted(allowed), 40)}."


def missing_field() -> str:
    return "champ obligatoire manquant."


def not_allowed(value, allowed) -> str:
    return f"« {value} » n'est pas une valeur permise ({_list(allowed, 12)})."


TYPE_WORDS = {
    "string_type": "un texte",
    "int_type": "un nombre entier",
    "int_parsing": "un nombre entier",
    "int_from_float": "un nombre entier",
    "float_type": "un nombre",
    "float_parsing": "un nombre",
    "list_type": "une liste (lignes commençant par « - » ou [a, b])",
    "dict_type": "un groupe de champs « champ: valeur »",
    "model_type": "un groupe de champs « champ: valeur »",
    "model_attributes_type": "un groupe de champs « champ: valeur »",
    "bool_type": "oui ou non",
}


def wrong_type(kind: str, value) -> str:
    shown = "" if isinstance(value, (dict, list)) else f" (reçu : « {value} »)"
    return f"attendu : {TYPE_WORDS.get(kind, kind)}{shown}."


def bad_date(value) -> str:
    return f"date invalide « {value} » : attendu une date réelle au format AAAA-MM-JJ (ex. 2026-04-13)."


def bad_ident(value) -> str:
    return (
        f"identifiant invalide « {value} » : lettres minuscules sans accent, chiffres et tirets "
        "(ex. « dreets-normandie »)."
    )


def bad_link(value) -> str:
    return f"« {value} » : attendu la forme « plan/axe » (ex. « crpe-2026/axe-3 »)."


def empty_text() -> str:
    return "ne doit pas être vide."


def too_long(limit) -> str:
    return f"texte trop long ({limit} caractères au plus)."


def too_few(minimum) -> str:
    return f"au moins {minimum} élément(s) attendu(s)."


def negative(value) -> str:
    return f"« {value} » : attendu un nombre positif ou nul."


def out_of_range(value, low=None, high=None) -> str:
    if low is not None and high is not None:
        return f"« {value} » : attendu un nombre entre {low} et {high}."
    return f"« {value} » : valeur hors limites."


def not_finite(value) -> str:
    return f"« {value} » : nombre invalide."


def amount(value) -> str:
    return (
        f"« {value} » : attendu un montant en euros (nombre positif, sans espace ni symbole, "
        "ex. 150000) ou « à définir », « pas de budget dédié », « non précisé »."
    )


def number_or_text(value) -> str:
    return f"« {value} » : attendu un nombre ou un texte court."


def invalid(detail: str) -> str:
    return f"valeur invalide ({detail})."


# --- Cross-references ----------------------------------------------------


def unknown_actor(actor_id: str) -> str:
    return f"acteur « {actor_id} » inconnu : ajoutez-le dans data/acteurs/ ou corrigez l'identifiant."


def unknown_territory(tid: str) -> str:
    return f"territoire « {tid} » inconnu : ajoutez-le dans data/territoires/ ou corrigez l'identifiant."


def unknown_plan(plan_id: str) -> str:
    return f"plan « {plan_id} » inconnu : aucun fichier data/plans/{plan_id}.yml."


def unknown_axis(plan_id: str, axe: str) -> str:
    return f"l'axe « {axe} » n'a pas de page (docs/axes/{plan_id}/{axe}.md introuvable)."


def duplicate_id(what: str, value: str, other: str) -> str:
    return f"{what} « {value} » en double (déjà défini dans {other})."


def impossible_date(value: str, detail: str) -> str:
    return f"date impossible « {value} » ({detail})."


def parent_loop(axe: str) -> str:
    return f"l'axe « {axe} » est son propre parent (boucle)."


def misplaced(rel: str) -> str:
    return (
        f"fichier mal placé : les fiches vont dans docs/fiches/<plan>/, les axes dans docs/axes/<plan>/, "
        f"les pages de plan dans docs/plans/<plan>.md ({rel})."
    )


def bad_file_name(stem: str) -> str:
    return f"nom de fichier « {stem} » invalide : il sert d'identifiant (minuscules sans accent, chiffres, tirets)."


def body_h1() -> str:
    return (
        "un « # » en début de ligne crée un titre de niveau 1, alors que le titre de la page vient du champ "
        "« titre » : écrivez « ## » pour une section, ou « \\# » pour garder le caractère."
    )


def summary(count: int) -> str:
    return f"{count} erreur(s) dans le contenu ; rien n'a été publié."
