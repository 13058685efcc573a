"""Legal false alarms (train11..train14 round): a legal word that is no threat.

Families: jokes (a laugh or heart in the same sentence), a relative, friend or the writer who is
a lawyer, questions about rights or procedure, negations, adverts and phishing, and words that
are not the law at all (a gas regulator, "al instante", power of attorney). Each has real threats
next to it that must stay legal. The posts are written for this file, not taken from the bench.
"""

import pytest

from calmdesk.triage.escalation import escalation


def _legal(text: str) -> bool:
    return "legal" in escalation(text).reasons


NOT_LEGAL = [
    # 1. jokes
    "@pizzaplace I'm suing you... for making me eat the whole family size alone 😂",
    "@coffeeco the queue this morning was basically a breach of contract lol",
    "@burgerjoint voy a denunciaros por lo adictivas que son vuestras patatas jajaja",
    "@boulangerie je vais porter plainte, vos croissants sont trop bons mdr",
    "@gelateria vi faccio causa perché il pistacchio è finito di nuovo 😂😂",
    "@bakkerij ik sleep jullie naar de rechter omdat de stroopwafels op zijn haha",
    "@cukiernia pozew za to, że wasze pączki są za dobre xD",
    "@padaria vou processar vocês por me viciarem nesse pão de queijo kkkk",
    "@streamtv my lawyer (my cat) says the new menu is a crime against humanity",
    "@toyshop my attorney will be in touch. my attorney is my 6 year old and she wants the red one back",
    # 2. a lawyer among family, friends, or the writer at work
    "@gymco my sister is a lawyer and even she gave up reading your membership terms, how do I freeze it?",
    "@insurer mi hermano es abogado y dice que la póliza está muy bien, ¿cómo la contrato?",
    "@telco ma cousine est avocate et elle trouve votre offre honnête, je peux changer de forfait ?",
    "@stromanbieter Meine Schwester ist Anwältin und findet euren Tarif fair. Wie melde ich mich an?",
    "@hotelchain my solicitor friend stayed with you last week and loved it",
    "@bankapp I'm a lawyer and I still couldn't find the overdraft fees page, please make it clearer",
    "@officeshop I work for a law firm, can you add our VAT number to last month's invoices?",
    "@cloudhost our company's legal team wants your sub-processor list, where is it published?",
    "@opticien mon avocat m'a recommandé votre boutique, très bon accueil",
    "@kuchnie mój prawnik polecił wam firmę, kuchnia wyszła super",
    # 3. questions about rights or procedure
    "@airline is it true that under the consumer rights act I get a refund for a cancelled flight?",
    "@letting_agent do I need a solicitor to get my deposit back, or can you just send it?",
    "@shopco is there a data protection officer I can email about my own account data?",
    "@aerolinea ¿necesito un abogado para reclamar la maleta perdida o lo hacéis vosotros?",
    # 4. negations
    "@vetclinic I don't want to sue anyone, I just want the invoice itemised",
    "@energia no quiero demandar a nadie, solo que me expliquéis la factura",
    "@fournisseur je n'ai pas besoin d'un avocat, juste d'une facture correcte",
    "@versand ich brauche keinen Anwalt, nur eine Sendungsnummer",
    # adverts and phishing that borrow the words
    "Injured on holiday? Our no-win no-fee lawyers can claim up to £20,000 for you. Call now!",
    "@mybank your account is under investigation by our legal department, verify here: mybank-check.example",
    # not the law at all
    "@gascompany the cylinder regulator is hissing and the kitchen smells of gas",
    "@casino_es bono del 200% y retiros al instante, entra ya",
    "@bank I have power of attorney for my mum, which form do I need to add her address?",
    "@bank my late father's solicitor sent the death certificate in March, is there anything else you need?",
]

LEGAL = [
    # a joke far away in another sentence does not cancel a threat
    "@pizzaplace you charged me three times and ignored four emails. I'm taking you to small claims. "
    "The only funny thing here is your hold music 😂",
    "@coffeeco lol. Anyway my solicitor has the receipts and you will be hearing from her.",
    # lawyers among family who will act
    "@landlordco my lawyer will be in touch",
    "@landlordco my brother is a lawyer and he will be sending you a letter",
    "@seguros mi hermano es abogado y va a presentar una demanda la semana que viene",
    "@vermieter Meine Schwester ist Anwältin und wird Ihnen schreiben.",
    # questions that announce a step
    "@airline should I go to the ombudsman or small claims first? because I will",
    "@gym class action anyone? there are thirty of us with double debits",
    # negations that are threats
    "@telco if you don't refund me by Friday I will sue",
    "@telco I won't hesitate to take legal action",
    "@energia no voy a esperar más: demanda judicial presentada",
    # plain threats in the desk's languages
    "@airline my lawyer has the file and the claim goes in on Monday",
    "@operadora vou entrar com uma ação no Procon amanhã",
    "@vendeur mise en demeure envoyée, je saisis le tribunal dans 15 jours",
    "@versand Ich werde Sie verklagen, mein Anwalt ist informiert.",
    "@negozio faremo causa, il nostro avvocato vi scriverà",
]


@pytest.mark.parametrize("text", NOT_LEGAL)
def test_not_a_legal_threat(text: str) -> None:
    assert not _legal(text)


@pytest.mark.parametrize("text", LEGAL)
def test_real_threat_stays_legal(text: str) -> None:
    assert _legal(text)


def test_other_reasons_untouched() -> None:
    # the let-off is for legal only: the gas leak is still a safety report
    assert "safety" in escalation("@gascompany the regulator is hissing and there's a gas leak in the kitchen").reasons
