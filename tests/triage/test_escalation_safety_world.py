"""Safety told with symptoms, consequences and hazards, in many languages (harm_world).

Each family has posts that must raise "safety" and hard negatives that must not: figures of
speech, hospitals as workplaces or car parks, "sick" as slang, jokes. The posts are written
for this file, not taken from the bench.
"""

import pytest

from calmdesk.triage.escalation import escalation


def _safety(text: str) -> bool:
    return "safety" in escalation(text).reasons


SAFETY = [
    # (a) symptoms and injuries
    "@noodlebar my husband had your pad thai and has been puking since midnight, he thinks it was the prawns",
    "@skincareco after applying the new serum her face was covered in hives",
    "@trampolinepark my son landed badly and they say it's a hairline fracture in his shin",
    "@toasterco the handle got so hot my daughter has second-degree burns on her palm",
    "@kebabhaus meine Tochter war nach dem Essen bei euch kurz bewusstlos",
    "@pizzeria_roma mio figlio ha avuto l'orticaria dopo il vostro gelato",
    "@sklep_zabawki syn zakrztusił się kulką z zestawu",
    "@lokanta_x yemekten sonra hepimiz kustu, çocuk da dahil",
    "@fastfood_vn ăn xong cả nhà bị tiêu chảy",
    "@ramen_jp 昨日のラーメンを食べた家族全員が下痢になりました",
    "@bakery_kr 빵 먹고 아이 얼굴에 두드러기가 났어요",
    "@spa_gr η κόρη μου έπαθε έγκαυμα από τη συσκευή αποτρίχωσης",
    "@kavarna_cz dcera po vašem dortu zvracela celou noc",
    "@fitcentrum_hu a futópad megállt, elestem, csonttörés a diagnózis",
    # (b) consequences
    "@burgerbarn my wife was rushed to urgent care last night after your chicken wrap",
    "@zoo_trip we had to call an ambulance when the railing gave way",
    "@supplements_uk my toddler got into the gummies, we're on the phone with poison control now",
    "@taqueria_mx a mi papá le salieron ronchas por todo el cuerpo y tuvimos que llamar una ambulancia",
    "@lanchonete_sp minha filha foi parar no pronto-socorro depois do lanche",
    "@creche_fr ma fille a été emmenée aux urgences, personne ne nous a prévenus",
    "@fahrschule_x der Fahrlehrer hat gebremst, meine Tochter kam mit dem Rettungswagen weg",
    "@ristorante_x mia madre è stata ricoverata dopo la cena da voi",
    "@kinderdag_nl onze zoon moest naar de spoedeisende hulp na de val van de glijbaan",
    "@warung_id anak saya dilarikan ke rumah sakit setelah makan di sini",
    "@carinderia_ph isinugod sa ospital ang anak ko matapos kumain dito",
    "@restoran_ru после вашего ужина мужа увезла скорая помощь",
    # (c) hazards
    "@grillco there was a shard of metal in my wrap",
    "@boilerfix since your engineer left there's a gas smell in the utility room",
    "@cereal_uk bit into something hard in my granola, it was a sliver of glass",
    "@estufas_es salía humo del cargador mientras cargaba el móvil",
    "@gasbr cheiro de gás forte na cozinha desde a instalação",
    "@chaudiere_fr une odeur de gaz dans la cave depuis votre passage",
    "@heizung_de es riecht im Keller seit gestern nach Gas",
    "@caldaia_it c'è puzza di gas in cucina da stamattina",
    "@kachel_nl sinds de installatie ruik ik gas in de gang",
    "@piec_pl po montażu czuć gaz w całej łazience",
    "@kombi_tr kombiden duman çıktı, çocuklar evdeydi",
    "@elbil_se laddkabeln gnistor när vi kopplar in den",
    "@scooter_ru из зарядки пошёл дым, квартира в дыму",
    "@mall_ar طلع دخان من الشاحن في غرفة الأطفال",
    "@bike_he הבלמים לא עבדו בירידה והילד נפל",
    "@hotpot_zh 电磁炉突然冒烟了，孩子就在旁边",
]


NOT_SAFETY = [
    "@acmebank I work in a hospital and your app keeps logging me out between shifts",
    "@parkco the parking at the hospital costs a fortune, £12 for two hours",
    "@cateringuk hospital food is awful and you're the contractor, do better",
    "@pizzahut called in sick today so ordered a large, cheers",
    "@streamtv I'm sick of the buffering, fix it",
    "@gymchain this playlist is sick, who picked it",
    "@coffeeco this queue is killing me",
    "@bankapp the ATM swallowed my card and nobody answers the phone",
    "@cajero_es el cajero se tragó mi tarjeta y nadie me ayuda",
    "@airline dying to know when my refund arrives",
    "@telco burning question: why did my bill go up again?",
    "@burgerplace the new spicy burger nearly gave me a heart attack lol",
    "@snackco ate the whole family bag and now I'm dying of regret 😂",
    "@musicapp my stomach hurts from laughing at your new ad haha",
    "@shoes_es las zapatillas llegaron con un defecto en la suela, quiero el cambio",
    "@sklep_pl szwy w kurtce puściły po tygodniu, proszę o zwrot",
    "@zakupy_tr ekran kırıldı kargoda, değişim istiyorum",
    "@bakery_de eure Bewertung gab den Ausschlag, wir bestellen die Torte bei euch",
]


@pytest.mark.parametrize("text", SAFETY)
def test_harm_in_other_words_is_safety(text: str) -> None:
    assert _safety(text), text


@pytest.mark.parametrize("text", NOT_SAFETY)
def test_figures_of_speech_jobs_and_jokes_are_not_safety(text: str) -> None:
    assert not _safety(text), text
