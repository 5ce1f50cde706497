"""CAMEO event codes and their Goldstein scale scores (-10 conflict ... +10 cooperation).

Scores from Goldstein (1992) as mapped to CAMEO by the Event Data Project. A
code not in the table falls back to its two-digit root; an unknown root is a
check error, so every event gets a score from one published table.
"""

from __future__ import annotations

# code: (label, Goldstein score)
CAMEO: dict[str, tuple[str, float]] = {
    "01": ("Make public statement", 0.0),
    "010": ("Make statement, not specified", 0.0),
    "012": ("Make pessimistic comment", -0.4),
    "02": ("Appeal", 3.0),
    "03": ("Express intent to cooperate", 4.0),
    "036": ("Express intent to meet or negotiate", 4.0),
    "04": ("Consult", 1.0),
    "040": ("Consult, not specified", 1.0),
    "041": ("Discuss by telephone", 1.0),
    "042": ("Make a visit", 1.9),
    "043": ("Host or receive a visitor", 2.8),
    "046": ("Engage in negotiation", 7.0),
    "05": ("Engage in diplomatic cooperation", 3.5),
    "051": ("Praise or endorse", 3.4),
    "06": ("Engage in material cooperation", 6.0),
    "07": ("Provide aid", 7.0),
    "070": ("Provide aid, not specified", 7.0),
    "074": ("Provide military protection or peacekeeping", 8.5),
    "08": ("Yield", 5.0),
    "09": ("Investigate", -2.0),
    "10": ("Demand", -5.0),
    "106": ("Demand withdrawal", -5.0),
    "11": ("Disapprove", -2.0),
    "111": ("Criticize or denounce", -2.0),
    "112": ("Accuse", -2.0),
    "1123": ("Accuse of aggression", -2.0),
    "12": ("Reject", -4.0),
    "13": ("Threaten", -4.4),
    "130": ("Threaten, not specified", -4.4),
    "138": ("Threaten with military force", -7.0),
    "14": ("Protest", -6.5),
    "15": ("Exhibit military posture", -7.2),
    "150": ("Demonstrate military or police power", -7.2),
    "152": ("Increase military alert status", -7.2),
    "154": ("Mobilize or increase armed forces", -7.2),
    "16": ("Reduce relations", -4.0),
    "163": ("Impose embargo, boycott, or sanctions", -8.0),
    "17": ("Coerce", -7.0),
    "172": ("Impose administrative sanctions", -5.0),
    "18": ("Assault", -9.0),
    "19": ("Fight", -10.0),
    "190": ("Use conventional military force", -10.0),
    "191": ("Impose blockade, restrict movement", -9.5),
    "192": ("Occupy territory", -9.5),
    "193": ("Fight with small arms and light weapons", -10.0),
    "194": ("Fight with artillery and tanks", -10.0),
    "195": ("Employ aerial weapons", -10.0),
    "20": ("Use unconventional mass violence", -10.0),
    "204": ("Use weapons of mass destruction", -10.0),
}


def lookup(code: str) -> tuple[str, float] | None:
    """(label, Goldstein score) of a CAMEO code, falling back to its root: a code the table
    lacks is of its root's kind (057 is diplomatic cooperation), and pages show the code itself
    beside the label."""
    if code in CAMEO:
        return CAMEO[code]
    return CAMEO.get(code[:2])
