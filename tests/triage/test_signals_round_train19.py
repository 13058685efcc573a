"""Signals round train19: each family with sentences written for these tests, and look-alikes."""

from __future__ import annotations

import pytest

from calmdesk.triage.offensive import offensive

# --- offensive: swearing aimed at nobody ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Merde, encore une coupure de courant ce soir.",
        "Kurwa, autobus znowu nie przyjechał.",
        "Joder, la lavadora se ha vuelto a romper.",
        "Scheiße, der Zug fällt schon wieder aus.",
        "Che cazzo, il pacco è ancora fermo a Milano.",
        "Porra, caiu a internet outra vez.",
        "what a shitshow of a morning, the printer jammed twice",
        "the parking at the stadium was a f*cking nightmare",
        "damn, the heating broke on the coldest day of the year",
    ],
)
def test_swearing_at_a_situation_is_not_offensive(text: str) -> None:
    assert not offensive(text).offensive


@pytest.mark.parametrize(
    "text",
    [
        "@metro_line kurwa, znowu spóźnienie",  # the company is tagged
        "Merde, vous avez encore perdu mon colis.",  # spoken to
        "Joder, sois unos inútiles.",
        "what a shitshow, you lot can't run a bath",
        "Scheiße, ihr habt schon wieder falsch geliefert.",
        "bunch of f*cking amateurs at the depot",
        "your driver is a f*cking idiot",
    ],
)
def test_swearing_aimed_at_someone_stays(text: str) -> None:
    assert offensive(text).offensive


@pytest.mark.parametrize(
    "text",
    [
        "I'm such an idiot, I booked the wrong date",
        "what an idiot I am, paid the same bill twice",
        "I am a complete moron, forgot my password again",
        "idiot me, left the charger at home",
    ],
)
def test_calling_oneself_names_is_not_offensive(text: str) -> None:
    assert not offensive(text).offensive


@pytest.mark.parametrize(
    "text",
    [
        "your cashier is such an idiot",
        "what an idiot your manager is",
        "I'm sure your engineer is an idiot",
    ],
)
def test_calling_others_names_stays(text: str) -> None:
    assert offensive(text).offensive


def test_retard_as_a_delay() -> None:
    assert not offensive("El bus ha arribat amb 20 minuts de retard un altre cop.").offensive
    assert not offensive("Encore un retard de 40 minutes ce matin.").offensive
    assert offensive("stop acting like a retard and refund me").offensive
