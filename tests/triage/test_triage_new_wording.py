"""The misses that issue 16 named, each as a family: the rules must hold on wording they were not written for."""

from calmdesk.triage.escalation import escalation
from calmdesk.triage.legitimacy import AccountInfo, legitimacy
from calmdesk.triage.offensive import offensive
from calmdesk.triage.pii import cpf_ok, find_pii
from calmdesk.triage.pipeline import Triage, TriageInput

ACC = AccountInfo(handle="anna", followers=300)


def _types(text: str) -> set[str]:
    return {s.type for s in find_pii(text)}


def test_own_records_shown_to_someone_else_is_a_breach_without_the_word() -> None:
    assert "data_breach" in escalation("the clerk showed my id number on screen to the woman behind me").reasons
    assert "data_breach" in escalation("my daughter's test results were visible to every other patient").reasons
    assert "data_breach" in escalation("someone has accessed my account and changed the password").reasons
    # the customer sending their own details is not a breach
    assert escalation("I sent my address to your team twice already").reasons == ()


def test_local_phone_numbers_need_their_label_and_groups() -> None:
    assert _types("@acme my number is 555-0199, call after 5") == {"phone"}
    assert _types("@acme landline 3344 5566 please") == {"phone"}
    assert _types("@acme ligue no celular (21) 98765-4321") == {"phone"}
    # unlabelled, or labelled as an order, or an unbroken short run: not a phone
    assert _types("@acme order number 555-0199 is late") == set()
    assert _types("@acme can you check number 2166941 please") == set()
    assert _types("@acme I heard about the recall on 2013-2016 models") == set()


def test_spelled_out_web_address_is_not_an_email() -> None:
    assert _types("@acme your site acme dot com is down again") == set()
    assert _types("@acme write to jo dot lee at gmx dot de") == {"email"}


def test_cpf_needs_its_check_digits() -> None:
    assert cpf_ok("12345678909") and not cpf_ok("12345678900") and not cpf_ok("11111111111")
    assert _types("@acme meu CPF: 123.456.789-09") == {"national_id"}
    assert _types("@acme pedido 123.456.789-00") == set()


def test_shop_link_spam_is_spam_english_and_not_a_complaint() -> None:
    text = "Need a new charger? Chargers 60% off at gadget-deals.example free shipping worldwide!!"
    assert legitimacy(text, ACC).spam
    result = Triage(complaint_kind="default").run([TriageInput(text=text)])[0]
    assert result.spam and result.language == "en" and not result.is_complaint
    # a complaint that names a shop's site is neither
    plain = "@acme ordered from acme-store.com two weeks ago and nothing arrived"
    assert not legitimacy(plain, ACC).spam


def test_other_languages() -> None:
    assert escalation("@acme mi abogado se pondrá en contacto").reasons == ("legal",)
    assert escalation("@acme mein Sohn hat sich an dem Gerät verletzt").reasons == ("safety",)
    assert offensive("@acme servicio de mierda").offensive
    assert not offensive("@acme servicio muy lento hoy").offensive
    assert legitimacy("Ganhe dinheiro em casa, R$300 por dia!", ACC).spam
