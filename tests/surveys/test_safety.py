import pytest

from surveys.safety import suggests_unsafe


@pytest.mark.parametrize(
    "text",
    [
        "Mijn pleegvader slaat mij.",
        "Ik word thuis geslagen",
        "Ik ben bang voor mijn oom",
        "ik wil soms dood gaan",
        "Ik voel me niet veilig bij hen",
        "Hij bedreigt mijn moeder",
        # Capitals, as typed on a phone or in anger.
        "Mijn pleegvader SLAAT mij.",
        "Ik voel me Onveilig.",
        "Ik heb Veilig Thuis gebeld",
        "ZELFMOORD",
        "He HITS ME",
        "Ik heb vaak Honger.",
    ],
)
def test_worrying_answers_are_spotted(text):
    assert suggests_unsafe(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "De pleegzorgbegeleider is goed bereikbaar.",
        "Meer respijtzorg zou helpen.",
        "Ik slaap goed in mijn nieuwe kamer.",
        "IK SLAAP GOED EN VOEL ME VEILIG.",
    ],
)
def test_ordinary_answers_are_not_flagged(text):
    assert not suggests_unsafe(text)
