"""The offensive signal in the languages added after the first foreign list (`offensive_world`).

For each language: posts that insult the staff or the company and must be found, and hard
negatives that must stay quiet (angry but clean posts, ordinary words that hold a listed one,
names and places). Then masked spellings of foreign words, and what a mask must not turn into.
"""

import pytest

from calmdesk.triage import offensive_world
from calmdesk.triage.offensive import offensive

FOUND = {
    "vietnamese": [
        "@viettelcare đồ ngu, hẹn kỹ thuật đến sửa mạng ba lần mà không ai tới",
        "@tiki_vn shop giao sai hàng còn chửi khách, mất dạy thật sự",
        "@grab_vn tai xe thang ngu, bat minh cho 20 phut roi huy chuyen",
        "đm dịch vụ gì mà gọi tổng đài cả buổi không ai nghe @fpt_telecom",
    ],
    "tagalog": [
        "@pldt_cares putang ina, isang linggo nang walang internet dito sa Cavite",
        "@lazada_ph mga tanga ba kayo? mali na naman ang item na pinadala",
        "@jnt_ph bobo talaga yung rider nyo, iniwan lang sa labas ng gate ang parcel",
        "@meralco tangina nyo, dalawang beses na kaming na-overcharge",
    ],
    "arabic": [
        "@stc_care يا حمير، صار لي أسبوع بدون خط",
        "@noon_eg إنتو حرامية، خصمتوا الفلوس مرتين ومفيش أوردر",
        "@aramex_ksa الموظفين عندكم أغبياء، ثالث مرة يضيعون الشحنة",
        "@careem_help ya 7mar el captain sab el order w mashi",
        "@talabat_kw kosomak 3la hal khedma, sa3teen w ma wasal shay",
    ],
    "hungarian": [
        "@magyartelekom hülyék vagytok, harmadik hete nincs internet",
        "@gls_hu a futár egy barom, bedobta a csomagot a sárba",
        "@mavcsoport bazdmeg, megint késik a vonat és senki nem szól",
    ],
    "greek": [
        "@cosmote_gr είστε ηλίθιοι, τρίτη φορά που κόβεται το ίντερνετ",
        "@acscourier ο υπάλληλος σας είναι μαλάκας, μου έκλεισε το τηλέφωνο",
        "@vodafone_gr γαμώ την εξυπηρέτηση σας, δύο ώρες αναμονή",
    ],
    "russian": [
        "@mts_support вы там все дебилы? четвёртый день без интернета",
        "@sdek_help курьер ваш мудак, кинул коробку через забор",
        "@beeline_ru блять, опять списали деньги за подписку которую я отключил",
        "@wildberries_ru nahuy takoy servis, zakaz poteryali uzhe vtoroy raz",
    ],
    "ukrainian": [
        "@novaposhta_ua ваші працівники ідіоти, посилку віддали іншій людині",
        "@kyivstar_ua що за покидьки, списали гроші і відключили номер",
        "@ukrposhta сука, третій тиждень чекаю посилку",
    ],
    "japanese": [
        "@softbank_jp サポートの奴らバカばっかり、同じ話を4回させられた",
        "@amazon_jp 配達員がクソ野郎で荷物を投げていった",
        "@au_support 担当者が無能すぎる。もう解約します",
    ],
    "korean": [
        "@kt_cs 씨발 인터넷 또 끊겼네 진짜",
        "@coupang 배송기사 개새끼가 택배를 문앞에 던지고 감",
        "@baemin 상담원 병신이냐 주문 취소를 왜 못해",
    ],
    "chinese": [
        "@jd_kefu 他妈的，第三次送错地址了，你们客服是干什么吃的",
        "@sf_express 快递员是个傻逼，把包裹直接扔在门口",
        "@chunghwa_telecom 客服一群廢物，講了三次還是沒處理",
        "@taobao 这些废物客服，退款拖了一个月",
    ],
    "hebrew": [
        "@bezeq יא מטומטמים, כבר שבוע אין אינטרנט",
        "@partner_il בני זונות, חייבתם אותי פעמיים על אותו חודש",
        "@cellcom_il הנציג שלכם אידיוט, ניתק לי את השיחה באמצע",
    ],
    "thai": [
        "@true_th ไอ้ควาย ส่งช่างมาแล้วไม่ซ่อมอะไรเลย",
        "@kerry_th พนักงานส่งของเหี้ยมาก โยนกล่องข้ามรั้ว",
        "@ais_th เน็ตหลุดทั้งวัน ชิบหายจริงๆ",
    ],
    "malay": [
        "@poslaju staff korang bodoh betul, parcel hantar ke rumah orang lain",
        "@unifi_my dasar babi, tiga hari internet mati",
        "@shopee_my pukimak punya seller, barang tak sampai",
    ],
    "danish": [
        "@postnord_dk hvilket lortefirma, pakken er væk igen",
        "@yousee_dk jeres tekniker er en klaphat, han boret hul i den forkerte væg",
        "@dsb_kundeservice kraftedeme, tredje aflysning i denne uge",
    ],
    "norwegian": [
        "@telenor_no faen, internett nede igjen for tredje gang denne uka",
        "@posten_norge sjåføren deres er en drittsekk, kastet pakken i vannpytten",
        "@vy_no jævla amatører, toget står igjen på Lillestrøm",
    ],
    "finnish": [
        "@elisa_fi vitun surkea palvelu, netti poikki jo viikon",
        "@posti_fi kuljettajanne on täysi idiootti, paketti heitetty ojaan",
        "@vr_asiakaspalvelu perkele, taas myöhässä ja kukaan ei kerro mitään",
    ],
    "serbo-croatian": [
        "@mts_srbija jebem vam mater, treći dan bez interneta",
        "@hrvatski_telekom vaš serviser je kreten, ostavio je kabel na podu",
        "@bh_telecom budale, naplatili ste mi dva puta isti račun",
    ],
    "slovak": [
        "@orange_sk ty kokot, tri dni bez signálu a nikto nič nerieši",
        "@slovakrail sprievodca je debil, vyhodil ma z vlaku",
        "@telekom_sk do riti, už tretíkrát mi vypadol internet",
    ],
    "bulgarian": [
        "@vivacom_bg копелета, три дни без интернет",
        "@econt_bg вашият куриер е тъпанар, хвърли пратката в калта",
        "@a1_bg шибана услуга, никой не вдига телефона",
    ],
    "persian": [
        "@irancell_ir احمق‌ها، سه روز است اینترنت قطع است",
        "@digikala_com پیک شما بیشعور بود، بسته را پرت کرد",
        "@snappfood koskesh ha, ghaza ro serd avordan",
    ],
    "urdu": [
        "@jazz_pk حرامی لوگ، دو بار پیسے کاٹ لیے",
        "@daraz_pk آپ کے رائیڈر الو کے پٹھے ہیں، پارسل پھینک کر چلا گیا",
        "@ptcl_official kameene log ho tum, teen din se internet band hai",
        "@foodpanda_pk rider bewakoof hai, ghalat ghar pe order de gaya",
    ],
    "bengali": [
        "@grameenphone bokachoda customer care, tin din dhore net nai",
        "@pathao_bd rider ta shuorer bachcha, khabar fele diye gese",
        "@daraz_bd khankir pola seller, nokol jinish pathaise",
    ],
    "swahili": [
        "@safaricom_care nyinyi ni wajinga, pesa yangu imekatwa mara mbili",
        "@jumia_ke huyo dereva ni mpumbavu, alitupa mzigo nje ya geti",
        "@kplc_ke washenzi hawa, siku tatu bila stima",
    ],
}

CLEAN = {
    "vietnamese": [
        "@viettelcare mạng mất cả tuần, tôi rất thất vọng, mong được xử lý sớm",
        "@tiki_vn đơn hàng giao chậm ba ngày, con chó nhà tôi còn cắn hỏng hộp",
        "@shopee_vn tôi ngủ quên nên không nhận được hàng, giao lại giúp tôi",
        "@grab_vn DM me the receipt please, code DCM-2231",
    ],
    "tagalog": [
        "@pldt_cares ang bagal ng internet namin, sana maayos na agad",
        "@lazada_ph ano ba, tatlong araw na walang update sa order ko",
        "@zara_es el bikini tanga me llegó en talla equivocada",
        "@natura_br meu filho é bobo por esse sabonete, quando volta ao estoque?",
        "@cinemaph malakas ang ulan, cancelled po ba ang screening?",
    ],
    "arabic": [
        "@stc_care الخدمة سيئة جدا، أسبوع بدون إنترنت وما أحد يرد",
        "@petshop_ae عندكم أكل للكلاب والحمير؟ عندي مزرعة صغيرة",
        "@aramex_ksa الشحنة متأخرة أسبوعين، أرجو الرد بسرعة",
        "@petsmart_ae ya jama3a, 3andkom akl lel kalb? el kalb 3ando 7assasiya",
    ],
    "hungarian": [
        "@magyartelekom már három hete nincs internet, kérem javítsák",
        "@decathlon_hu a barometer a kijelzőn rossz értéket mutat",
        "@mav_start Szarvas felé mikor indul a következő vonat?",
    ],
    "greek": [
        "@cosmote_gr τρίτη φορά που κόβεται το ίντερνετ, πολύ απογοητευμένος",
        "@ikea_gr το μαλακό μαξιλάρι ήρθε σκισμένο",
        "@weddingshop_gr η πρόσκληση του γάμου μας τυπώθηκε λάθος",
    ],
    "russian": [
        "@mts_support четвёртый день без интернета, верните деньги за месяц",
        "@aeroflot небо было ясное, а рейс всё равно отменили, объясните",
        "@ozon_ru дайте себе труд ответить, ребята, заказ потерян",
        "@sdek_help курьер худой и вежливый, но посылку привёз не ту",
    ],
    "ukrainian": [
        "@novaposhta_ua посилку віддали іншій людині, прошу розібратися",
        "@ukrposhta дуже довго, третій тиждень чекаю, жахливий сервіс",
        "@rozetka_ua небо над Києвом, а доставку знову перенесли",
    ],
    "japanese": [
        "@jalan_net バカンスの予約がキャンセルされていました。返金はいつですか",
        "@uniqlo_jp このダウン、バカ売れで在庫切れ？再入荷はいつ",
        "@yamato_help 約束の時間に来ないのは困ります。やくそくを守ってください",
        "@softbank_jp 無能力者の契約について質問があります",
    ],
    "korean": [
        "@korail 시발역에서 출발하는 열차가 또 지연됐어요",
        "@kt_cs 인터넷이 세 번째 끊겼습니다. 빨리 고쳐주세요",
        "@coupang 강아지 사료가 터져서 왔어요, 교환 부탁드립니다",
    ],
    "chinese": [
        "@jd_kefu 我妈的手机订单到现在还没发货，请尽快处理",
        "@sf_express 第三次送错地址了，太让人失望了",
        "@ikea_cn 废物利用的收纳盒缺了两个螺丝",
    ],
    "hebrew": [
        "@bezeq כבר שבוע אין אינטרנט, מי אחראי על זה?",
        "@aroma_il הזמנתי כוס אמריקנו וקיבלתי קפה קר",
        "@elal הטיסה בוטלה ואף אחד לא עונה, מאוד מאוכזב",
    ],
    "thai": [
        "@true_th เน็ตหลุดทั้งวัน ช่วยแก้ไขด่วนครับ",
        "@makro_th เนื้อควายที่สั่งมาไม่สด ขอคืนเงิน",
        "@kerry_th ส่งของช้ามาก ผิดหวังมากครับ",
    ],
    "malay": [
        "@shopee_my saya suka barang ni tapi penghantaran lambat sangat",
        "@petco_id makanan anjing kamu habis, kapan restock?",
        "@bali_eats babi guling yang saya pesan tidak datang",
    ],
    "danish": [
        "@postnord_dk pakken er væk igen, det er ikke i orden",
        "@dsb_kundeservice hvad fanden sker der, tredje aflysning i denne uge",
        "@lego_dk kan I sende en erstatningsklods til sæt 60337?",
    ],
    "norwegian": [
        "@telenor_no internett nede igjen, dette er dårlig service",
        "@posten_norge vi var tre stykker som ventet på pakken hele dagen",
        "@sas_no for helvete, forsinket igjen",
    ],
    "finnish": [
        "@elisa_fi netti poikki jo viikon, korjatkaa pian",
        "@ikea_fi tilasin hyllyn ja siitä puuttui kaksi ruuvia",
        "@posti_fi paketti on ollut matkalla helvetin kauan",
    ],
    "serbo-croatian": [
        "@mts_srbija treći dan bez interneta, molim vas da to rešite",
        "@konzum_hr kupio sam kokot za juhu, bio je pokvaren",
        "@hrvatski_telekom račun je pogrešan već drugi mjesec zaredom",
    ],
    "slovak": [
        "@orange_sk tri dni bez signálu, prosím o riešenie",
        "@slovakrail vlak meškal hodinu a nikto nás neinformoval",
        "@alza_cz páska na krabici byla roztržená",
    ],
    "bulgarian": [
        "@vivacom_bg три дни без интернет, моля оправете го",
        "@econt_bg пратката е в калта, много съм недоволен",
        "@lidl_bg педалът на велосипеда пристигна счупен",
    ],
    "persian": [
        "@irancell_ir سه روز است اینترنت قطع است، لطفا رسیدگی کنید",
        "@digikala_com بسته گم شود مسئولیتش با کیست؟",
        "@snappfood گه‌گاه سفارشم دیر می‌رسد",
    ],
    "urdu": [
        "@jazz_pk دو بار پیسے کاٹ لیے، براہ کرم واپس کریں",
        "@ptcl_official teen din se internet band hai, koi jawab nahi de raha",
        "@ikea_de die Kamine im Katalog sind nicht lieferbar",
    ],
    "bengali": [
        "@grameenphone tin din dhore net nai, please thik koren",
        "@pathao_bd rider onek deri korse, khabar thanda hoye gese",
        "@bkash_bd amar taka kete nise, refund chai",
    ],
    "swahili": [
        "@safaricom_care pesa yangu imekatwa mara mbili, naomba msaada",
        "@jumia_ke mzigo umefika ukiwa umevunjika, nataka kurudisha",
        "@petshop_ke chakula cha mbwa kimeisha lini kitarudi?",
    ],
}


@pytest.mark.parametrize(
    ("lang", "text"), [(lang, t) for lang, texts in FOUND.items() for t in texts], ids=lambda v: v[:30]
)
def test_insults_in_the_world_languages_are_found(lang: str, text: str) -> None:
    assert offensive(text).offensive, (lang, text)


@pytest.mark.parametrize(
    ("lang", "text"), [(lang, t) for lang, texts in CLEAN.items() for t in texts], ids=lambda v: v[:30]
)
def test_angry_or_ordinary_posts_stay_quiet(lang: str, text: str) -> None:
    assert not offensive(text).offensive, (lang, text)


def test_every_language_has_its_cases() -> None:
    assert set(FOUND) == set(CLEAN)
    assert all(len(FOUND[k]) >= 2 and len(CLEAN[k]) >= 2 for k in FOUND)


@pytest.mark.parametrize(
    "text",
    [
        "@flipkart_support ke delivery wale sab ch*tiye hain, teen din se wait kar raha",
        "wat een k*nkerlijers bij jullie helpdesk, niemand belt terug",
        "@movistar_es sois unos hijos de p*ta, otra factura duplicada",
        "@tim_it che c@zzo di servizio, una settimana senza linea",
        "@mts_support сук@, опять нет связи",
        "@vodafone_gr είστε όλοι μαλ@κες",
        "@telekom_hu h*lyék vagytok",
        "@bezorger jullie koerier is een kl**tzak",
        "@airline_x you absolute m*rons, lost my bag twice",
        "@shop s*** happens I guess, third broken kettle",
    ],
)
def test_masked_foreign_words_and_insults(text: str) -> None:
    assert offensive(text).offensive, text


@pytest.mark.parametrize(
    "text",
    [
        "@acme_help please write to support@acme.com, my ticket is #4412",
        "@hotel_rome rated it 5* last year, this time only 2*",
        "@acme thanks!!! finally fixed, great work @maria_k",
        "@shop_es hola amig@s, ¿cuándo llega el pedido?",
        "@bank your app says err#42 on login",
        "@cinema tickets for Mission: Imp*ssible were double charged",
    ],
)
def test_masks_do_not_make_ordinary_words_offensive(text: str) -> None:
    assert not offensive(text).offensive, text


def test_the_stem_patterns_are_gated() -> None:
    # a pattern with no required literal would run on every post
    assert offensive_world.STEMS.literals is not None
