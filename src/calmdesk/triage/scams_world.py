"""Spam and scams told in more ways and languages (reasons added to `legitimacy.content_spam_reasons`).

The first spam patterns of `legitimacy` know the English wordings of a few families. The same
families come in every language the desk sees and in other words:

* ``task_scam``: pay for liking videos, rating products or "tasks", earnings per day from home
  ("earn ₹25,000/day liking YouTube videos, join telegram", "Zarabiaj 400 zł dziennie w domu");
* ``phishing``: fake account, parcel, customs, toll, tax or refund notices with a lookalike link
  ("your page violated our community guidelines, appeal at ...", "Paket konnte nicht zugestellt
  werden. Zollgebühr 2,99€ offen") and fake support asking for card data, OTP or PIN;
* ``prize_claim``: "you've been selected / you won", gift cards, sweepstakes to claim at a link;
* ``investment_scam``: signal groups, trading bots, "invest 250€ and receive 3000€", guaranteed
  daily or monthly returns, testimonials for a named trading mentor, in many languages;
* ``fake_collab``: "we'll gift you a watch, pay only shipping", influencer agencies asking for logins;
* ``seo_spam``: backlinks, guest posts, keyword stuffing with a link;
* ``gambling``: casino, slot and betting promotions (free spins, no-deposit bonus, "sure odds");
* ``romance_lure``: "I saw your profile and want to be friends", lonely widows, "add me on snap";
* ``loan_scam`` and ``follower_selling`` told in other languages; ``account_selling`` (aged
  accounts, PVA) and ``homework_spam`` (essays, exams taken for pay).

A customer who complains about such a message ("I got an SMS saying my parcel is on hold with a
weird link, is this you?", "your fake-support lookalike accounts are scamming people") is not
spam: a post that talks about a scam, a phishing message or one it received (`_ABOUT_A_SCAM`)
gets none of these reasons. Every pattern is gated by its required literals (`Prefiltered`), so
on the many posts that hold none of their words the expressions never run.
"""

from __future__ import annotations

import re

from calmdesk.triage.prefilter import AlternativesPrefiltered, Prefiltered

_F = re.I

# --- shared pieces ----------------------------------------------------------------------------
#: An amount of money: a currency sign or code next to a number, or a number with a unit.
_AMOUNT = re.compile(
    r"(?:[$£€₹₱₦¥₩₺₽₴]|\brs\.?|\br\$|\busd|\beur|\bksh|\brp\.?)\s?\d[\d.,]*|"
    r"\d[\d.,]*\s?(?:k\b|rb\b|ribu|jt\b|juta|tr\b|triệu|mil\b|zł|kč|kr\b|lei\b|tl\b|ft\b|€|\$|£|usd|eur|rupaye|rupees|"
    r"рубл\w*|руб\b|грн|₽|₹|дол\w*|دولار|ريال|جنيه|درهم|تومان|میلیون|元|円|万円|만원|원|ksh|naira|₦|pesos?|reais|"
    r"lakh|টাকা|দিনে|złotych|euro\b|euros\b)|[٠-٩۰-۹]{2,}|[০-৯]{3,}|\d+万|\d{3,}",
    _F,
)
#: Earnings per period, in the desk's languages.
_PER_PERIOD = (
    r"/ ?(?:day|dia|día|jour|tag|dag|dzień|den|gün|ngày|hari|araw|день|日|天|일)|a day|per day|each day|every day|daily|"
    r"a week|per week|weekly|a month|per month|monthly|"
    r"al d[ií]a|por d[ií]a|ao dia|por semana|al mes|por m[eê]s|par jour|par mois|par semaine|am tag|pro tag|t[äa]glich|"
    r"pro woche|im monat|al giorno|a settimana|al mese|per dag|per week|per maand|dziennie|tygodniowo|miesi[eę]cznie|"
    r"denn[ěe]|m[eě]s[ií][čc]n[ěe]|i veckan|om dagen|p[äa]iv[äa]ss[äa]|naponta|napi\b|g[üu]nde|g[üu]nl[üu]k|haftada|"
    r"pe zi|pe lun[ăa]|την ημ[εέ]ρα|ημερησ\w*|в день|в сутки|в месяц|в неделю|на день|щодня|на м[іi]сяць|"
    r"mỗi ngày|một ngày|sehari|per hari|kada araw|bawat araw|isang araw|kila siku|roz\b|rozana|mahina|"
    r"يوميا|يوميًا|يومياً|في اليوم|شهريا|روزانه|در روز|रोज|रोज़|प्रतिदिन|महीना|दिन"
)
#: Gate of the task and job scams: a period word (these scripts need no word boundaries).
_TASK_GATE = Prefiltered(re.compile(r"(?:" + _PER_PERIOD + r")|月収|日赚|日入|日薪|하루|일당|月入", _F))
_EARN = re.compile(
    r"\b(?:earn\w*|income|ingresos|payout|side hustle|kumita|kiếm|thu nhập|gaji|"
    r"zarab\w*|zarobi\w*|verdien\w*|c[âa][șs]tig\w*|kazan\w*|ganh\w*|gana\w*|gagne\w*|guadagn\w*|tj[äa]na|vyd[ěe]l\w*|"
    r"ansaitse|keress|lucr\w*|renda extra|nebenjob|lipwa|kamao|kamai|κ[έε]ρδισε|κερδ\w*)\b|"
    r"заработ\w*|зароб\w*|доход\w*|выплат\w*|виплат\w*|اربح|ربح|كسب|درآمد|कमा\w*|আয়|日赚|月収|収入|收入|수익|부업|副業|兼职|재택|일당",
    _F,
)
#: What task and job scams ask next or promise besides the money.
_TASK_LURE = re.compile(
    r"\b(?:from home|at home|from your phone|just a phone|only a phone|from your mobile|no experience|"
    r"just (?:liking|like|rating|watching)|liking|like videos|like & follow|like and (?:follow|share)|rating products|"
    r"rate products|product reviews|task job|tasks?\b|telegram|whatsapp|dm me|dm us|pm me|inbox|zalo|kakao|wechat|"
    r"line\b|t\.me|reply yes|registration fee|desde casa|en casa|em casa|de casa|sin experiencia|sem experi[eê]ncia|"
    r"à la maison|de chez (?:vous|toi)|sans exp[ée]rience|von zu ?hause|keine erfahrung|da casa|senza esperienza|"
    r"vanuit huis|geen ervaring|w domu|z domu|bez do[śs]wiadczenia|z domova|st[aá][čc][ií] mobil|otthonr[óo]l|kotoa|"
    r"evden|deneyim gerekmez|de acas[ăa]|f[ăa]r[ăa] experien[țt][ăa]|ghar baithe|sa bahay|dari rumah|dari hp|"
    r"tại nhà|làm nhiệm vụ|nhiệm vụ|chỉ cần điện thoại|ib\b|pm lang|priv\w*|privado|privato|privat|"
    r"napisz|pisz|schreib\w*|scrie\w*|skriv|[íi]rj|laita viesti\w*|stuur|napište|message karo|chama no zap|zap\b|"
    r"walang puhunan|avaliando|bewertungen|reviews?|videos?|sondage|survey)\b|"
    r"без вложений|без опыта|из дома|пиши\w*|личк\w*|в директ|телеграм|بدون خبرة|من المنزل|راسلني|الخاص|در خانه|"
    r"تلگرام|बैठे|फीस|जुड़ें|ঘরে বসে|ইনবক্স|在家|点赞|刷单|微信|私聊|プロフ|line|スマホ|재택|카톡|좋아요|문의",
    _F,
)

#: The job itself (not only a way to get in touch): from home, no experience, liking or rating things.
_JOB_CUE = re.compile(
    r"\b(?:from home|from your phone|just a phone|no experience|liking|like videos|rating products|rate products|"
    r"task job|desde casa|em casa|sin experiencia|sem experi[eê]ncia|sans exp[ée]rience|von zu ?hause|keine erfahrung|"
    r"vanuit huis|geen ervaring|w domu|z domu|bez do[śs]wiadczenia|evden|ghar baithe|sa bahay|dari rumah|tại nhà|"
    r"nhiệm vụ|walang puhunan)\b|без вложений|без опыта|из дома|بدون خبرة|من المنزل|बैठे|在家|点赞|刷单|재택|좋아요",
    _F,
)

#: Gate and action words of phishing: an account, parcel, fee, refund or prize notice.
_PHISH_ACTION = AlternativesPrefiltered(
    re.compile(
        r"(?<!\w)("
        # en
        r"verify (?:your |it |now|within|here|identity|account)|confirm your (?:details|identity|account|payment|card|"
        r"data|information)|update (?:your )?(?:payment|billing|details|information|info|kyc|pan)|"
        r"(?:account|page|profile|apple id|membership|sim|card) (?:\w+ ){0,3}(?:has been|was|is|will be|are) "
        r"(?:\w+ )?(?:flagged|locked|suspended|restricted|limited|disabled|blocked|deleted|on hold|expired|deactivated)|"
        r"violated (?:our |the )?(?:community|terms|policy|copyright)|community (?:guidelines|standards)|appeal (?:here|at|now|"
        r"within)|unusual activity|unauthori[sz]ed (?:access|login)|delivery (?:attempt (?:failed|unsuccessful)|failed)|redelivery|"
        r"reschedule (?:for|your delivery)|(?:parcel|package|shipment|delivery) (?:\w+ ){0,3}(?:on hold|held|could not|"
        r"couldn't|waiting|pending|suspended)|customs (?:fee|charge|duty)|unpaid (?:toll|fee|invoice|tax)|toll (?:fee|charge)|"
        r"tax refund|owes? you|you (?:may be|are) (?:owed|eligible)|claim (?:before|now|here|it|your|within)|"
        r"click (?:here|the link|to receive|to claim)|payout of|"
        # es, pt
        r"verifi(?:ca|que)\w* (?:tu|su|sus|seu|sua|seus|os|la|el|ahora|aqu[ií])|actualiz[ae]\w* (?:tus|sus|su|tu)|"
        r"atualiz[ae]\w* (?:seus|sua|seu|os)|(?:cuenta|conta) (?:\w+ ){0,2}(?:bloquead|suspendid|suspens|restringid)\w*|"
        r"(?:paquete|env[ií]o|encomenda|pacote) (?:\w+ ){0,3}(?:retenid|pendiente|retid|aguardando|bloquead)\w*|"
        r"reclam[ae]\w* (?:aqu[ií]|en|tu|su)|resgat[ae]\w* (?:em|aqui|agora|seu)|foi sorteado|has sido seleccionad\w*|"
        r"foi selecionad\w*|ingrese aqu[ií]|"
        # fr, de, it, nl
        r"frais de (?:douane|livraison|port)|colis (?:en attente|bloqu\w*|retenu)|(?:mettez|mettre) à jour|v[ée]rifiez|"
        r"cliquez ici|doit [êe]tre mis à jour|compte (?:\w+ )?(?:suspendu|bloqu[ée]|restreint)|"
        r"zollgeb[üu]hr\w*|nicht zugestellt|konto (?:\w+ ){0,3}(?:gesperrt|eingeschr[äa]nkt)|best[äa]tigen sie|"
        r"jetzt (?:bezahlen|best[äa]tigen|verifizieren)|hier klicken|"
        r"(?:pacco|spedizione) (?:\w+ ){0,2}(?:in attesa|bloccat\w*|sospes\w*)|(?:conto|account) (?:\w+ )?(?:bloccat|sospes)\w*|"
        r"riscatta\w*|clicca qui|compil[ai] il modulo|"
        r"(?:pakket|zending) (?:\w+ ){0,3}(?:niet (?:worden )?bezorgd|in afwachting)|verzendkosten|verifieer|"
        r"rekening wordt geblokkeerd|klik hier|terugbetaling|"
        # pl, cs, tr, ro, ru, uk, el
        r"paczka (?:\w+ ){0,2}wstrzymana|dop[łl]a[ćc]|zweryfikuj|konto (?:\w+ )?zablokowane|"
        r"z[áa]silka (?:\w+ ){0,2}[čc]ek[áa]|doplat\w*|zapla[ťt]te|"
        r"hesab[ıi]n[ıi]z (?:\w+ )?(?:ask[ıi]ya|engellen)\w*|kart bilgileri\w*|do[ğg]rulay[ıi]n|"
        r"contul (?:\w+ )?(?:blocat|suspendat)|"
        r"(?:аккаунт|акаунт|сч[её]т|карта|карт[ау]) (?:\w+ ){0,3}(?:заблок|приостан)\w*|подтверд\w+|підтверд\w+|"
        r"перейдите по ссылке|за посиланням|посылк\w* (?:\w+ )?(?:задерж|ожида)\w*|"
        r"λογαριασμ\w+ (?:\w+ )?(?:μπλοκ|αναστ)\w*|"
        # vi, id, tl
        r"xác minh|hoàn tiền|(?:tài khoản|tk) (?:\w+ )?(?:bị khóa|bị tạm)|verifikasi|data rekening|"
        r"ma-claim|i-click)",
        _F,
    ),
    6,
)
#: The same in scripts without word boundaries.
_PHISH_GLUED = Prefiltered(
    re.compile(
        r"不正アクセス|本人確認|アカウント(?:が|を)?(?:停止|ロック)|退款|填写银行卡|银行卡信息|账户(?:异常|冻结)|"
        r"계정(?:이)? (?:정지|잠금)|본인 인증|"
        r"استرداد|بيانات البطاقة|حسابك (?:سيتم|تم) |اطلاعات کارت|"
        r"पिन|खाता (?:ब्लॉक|बंद)|পিন|ভেরিফাই",
        _F,
    )
)
#: What phishing behind a lookalike link asks besides (counted only with such a link): fill a refund or
#: compensation form, install an app, pay or re-address a parcel, scan a QR code, take a buyer's payment
#: for a listing, donate to an urgent appeal.
_PHISH_WITH_LINK = AlternativesPrefiltered(
    re.compile(
        r"(?<!\w)("
        r"(?:fill (?:in |out )?(?:the|this|our)|merci de remplir|remplissez|rellene|rellena|preencha|f[üu]llen sie|invullen|"
        r"compili|wype[łl]nij|заполните|заповніть) (?:\w+ ){0,3}?(?:refund |claim |compensation )?"
        r"(?:form|formulaire|formulario|formul[áa]rio|formular|formulier|modulo|formularz|форму)|"
        r"(?:refund|compensation|remboursement|reembolso|estorno|erstattung|compensatie|rimborso|zwrot|компенсац\w*|"
        r"повернення|возврат\w*)\b[^\n]{0,60}?\b(?:click|clique|cliquez|klik\w*|kliknij|tıkla\w*|fill|remplir|rellen\w*|"
        r"preench\w*|invullen|nutzen sie|use this|usa este|utilisez|compili|link|lien|enlace|ссылк\w*|посилан\w*)|"
        r"(?:download|install|installez|t[ée]l[ée]chargez|laden sie|installieren sie|baixe|instale|unduh|instal|descarga|"
        r"descargue|instala|scarica|installa|pobierz|zainstaluj|скачайте|установите|завантажте|встановіть) "
        r"(?:\w+ ){0,4}?(?:app|apk|application|aplikasi|aplicativo|aplicaci[óo]n|applicazione|aplikacj\w*|приложени\w*|"
        r"додаток)\b|\bapk\b|"
        r"(?:scan|escane\w*|scannez|scannen sie|scansiona|zeskanuj) (?:\w+ ){0,3}?(?:qr|c[óo]digo qr)|"
        r"(?:parcel|package|shipment|colis|paket|pakket|paczk\w*|encomenda|paquete|pacco|coletul|bungkusan|g[öo]nderi\w*|"
        r"δέμα|посилк\w*|посылк\w*)\b[^\n]{0,80}?\b(?:pay|payez|r[ée]gler|betaal|bezahlen|zap[łl]a[ćc]|pague|pagar|paga|"
        r"pl[ăa]ti[țt]i|bayar|[öo]deme|πληρώστε|сплат\w*|оплат\w*|update (?:your )?address|re-?address|frais|taxa|taxas|fee|"
        r"customs|douane|zoll|aduana|dogana|gümrük|gumruk|митниц\w*|таможн\w*)|"
        r"saw your (?:ad|listing)|(?:vi|visto) (?:tu|su|o seu|seu) an[úu]ncio|ihren artikel|votre article|"
        r"is the \w+ still available|ya te hice el pago|j[áa] paguei|payment is (?:waiting|pending) for you|"
        r"(?:donate|dona|doe|spenden sie|faites un don|don de \d|cagnotte|zbi[óo]rka|пожертв\w*)\b|"
        # train19 round: bank and parcel notices ("actualice sus datos", "accesso anomalo", "uw bankpas verloopt")
        r"actualic?e sus datos|confermi i suoi dati|accesso anomalo|(?:uw )?bankpas verloopt|vraag (?:\w+ ){0,4}?aan via "
        r"de link|no ha podido ser entregad[oa]|direcci[óo]n incompleta)|"
        r"お荷物|配送物|배송불가|주소 수정|พัสดุ|กรอกข้อมูล|입력해주세요",
        _F,
    ),
    6,
)
#: A fake support reply asking for a card number, OTP, PIN or bank data (link or not).
_SECRET_ASK = AlternativesPrefiltered(
    re.compile(
        r"(?<!\w)("
        r"(?<!never )(?<!not )(?<!don't )(?:enter|provide|submit|fill in|type|input|share|send us|dm us|dm)\b(?: \w+){0,3}? your "
        r"(?:full )?(?:card number|account number|"
        r"card details|card info(?:rmation)?|bank details|banking details|otp|pin\b|mpin|upi pin|cvv|login|password|"
        r"one-time (?:code|password)|(?:sms |verification )?code (?:we|you))|"
        r"(?:ingres[ae]|introduz?ca|insira|informe|env[ií]a\w*|env[ií]e\w*) (?:\w+ ){0,3}(?:datos bancarios|dados banc[áa]rios|"
        r"n[úu]mero de (?:tu |su )?tarjeta|n[úu]mero do cart[ãa]o|c[óo]digo sms|c[óo]digo|pin)|"
        r"(?:saisissez|entrez|envoyez) (?:\w+ ){0,3}(?:coordonn[ée]es bancaires|num[ée]ro de carte|code)|"
        r"(?:geben sie|senden sie) (?:\w+ ){0,3}(?:kartendaten|pin|tan|bankdaten)|"
        r"(?:inserisca|inserire|invia\w*) (?:\w+ ){0,3}(?:dati della carta|codice|pin)|"
        r"(?:wpisz|podaj) (?:\w+ ){0,3}(?:dane karty|kod|pin|blik)|"
        r"(?:введите|укажите|отправьте) (?:\w+ ){0,3}(?:данные карты|код|пин)|"
        r"nhập (?:\w+ ){0,3}(?:số thẻ|otp|mã)|(?:isi|masukkan) (?:\w+ ){0,3}(?:data rekening|otp|pin)|"
        r"ilagay (?:\w+ ){0,3}(?:mpin|otp|pin)|(?:apna|apni) (?:\w+ ){0,2}(?:upi pin|otp|pin)|"
        r"إدخال بيانات|أدخل (?:\w+ ){0,2}(?:رمز|بيانات))|وأدخل بيانات",
        _F,
    ),
    6,
)

#: Prize, gift and sweepstakes claims (a claim or link must follow, see `world_scam_reasons`).
_PRIZE = AlternativesPrefiltered(
    re.compile(
        r"(?<!\w)("
        r"you(?:'ve| have)? (?:been )?(?:selected|chosen|won)|you are (?:a |our )?(?:lucky )?winner|lucky (?:winner|reviewers?)|"
        r"free gift ?cards?|f r e e|"
        r"felicidades[!,.]? (?:has|ganaste|usted|eres|fuiste|te)|felicita[çc][õo]es[!,.]? (?:voc[êe]|foi|ganhou)|has sido seleccionad\w*|has ganado|ganaste|voc[êe] (?:foi selecionad\w*|ganhou)|"
        r"sorteo|sorteio|regalamos|f[ée]licitations|vous avez (?:gagn[ée]|[ée]t[ée] s[ée]lectionn[ée])|offre \d[\d ]* ?€|"
        r"bons? d'achat|sie haben gewonnen|gewinnspiel|hai vinto|buono (?:spesa|regalo)|concorso|"
        r"gefeliciteerd|u heeft gewonnen|je hebt gewonnen|cadeaubon|gratulacje|wygra[łl]\w*|grattis|du har vunnit|presentkort|"
        r"kazand[ıi]n[ıi]z|hediye|tebrikler|ai c[âa][șs]tigat|поздравляем|вы выиграли|розыгрыш|розіграш|ви виграли|"
        r"κ[έε]ρδισε|δωρε[άα]ν|congratulations[!,.]? (?:you|dear|lucky|winner)|chúc mừng|trúng thưởng|selamat anda|"
        r"nanalo ka|darmowe do[łl]adowanie|bedava \d+ ?gb|"
        # train19 round
        r"(?:complete|take|fill (?:in|out)) (?:our|this|a|the) (?:\d+[- ]second |short |quick )?survey (?:and|to) "
        r"(?:get|receive|claim|win)|(?:giving away|giveaway)\b[^\n]{0,80}?\b(?:claim|(?:link|form) in (?:our |my )?bio)|"
        r"nyerem[ée]nyj[áa]t[ée]k|nyerj\b|مسابقة)|"
        r"(?:当選|ギフト券|プレゼント)[^\n]{0,30}(?:フォロー(?:＆|&|と)|RTで|リツイートで)|中奖|恭喜|당첨|تهانينا|مبروك|ربحت|هدیه",
        _F,
    ),
    6,
)
_CLAIM = re.compile(
    r"\b(?:claim (?:it|your|yours|now|here|before|within)|(?:link|form) in (?:our |my )?bio|kattints|click (?:here|the link|to|now|below)|tap (?:here|to|the link|now)|"
    r"redeem (?:it|your|now|here)|collect (?:it|your|now)|reclama (?:aqu[ií]|ya|tu|en)|recl[aá]mal[oa]|"
    r"resgate (?:em|aqui|agora|j[áa]|seu)|canjea|hol dir|riscattal\w*|riscatta (?:qui|ora|il)|ritira (?:qui|ora)|"
    r"h[äa]mta (?:det|ut|h[äa]r)|odbierz|wejd[źz]|заберите|забрать|получите|отримай\w*|πάρε|μπες|nhận (?:ngay|quà|thưởng)|"
    r"klaim|klik|tıkla|kliknij|cliquez|clique (?:aqui|ici)|haz clic|entra (?:ya|aqu[ií]|en)|participa (?:ya|aqu[ií]|en)|"
    r"para participar|pra participar|siga (?:e|a|nos)|sigue(?:nos)? (?:y|e|a)|segue (?:e|a)|comenta (?:y|e|\'|\"|quiero)|marque \d|follow(?: us)?,? (?:and|&|\+)|retweet (?:and|&|to)|"
    r"rt (?:and|&|to)|survey|sondage|опрос\w*|опитування|numaran[ıi] gir|validar)\b|フォロー(?:＆|&|と)|링크|点击|领取|اضغط|الرابط",
    _F,
)

#: Investment and signal scams.
_INVEST = AlternativesPrefiltered(
    re.compile(
        r"(?<!\w)("
        r"(?:vip|gold|forex|crypto|trading) signals?\b|free (?:trading |forex |crypto )?signals\b|signals? (?:group|channel)|"
        r"\d{2}% accuracy|(?:\'s|’s) copy[- ]?trading|"
        r"(?:trading (?:bot|robot)|(?:robot|bot|robô|robotul) (?:de |nostru de )?(?:trading|trader|tranzac\w*))\b"
        r"[^.!?\n]{0,40}?(?:profit\w*|lucr\w*|earn\w*|gan\w*|garant\w*|guarant\w*|\+\d+%)|"
        r"(?:coach|madame|madam|herr|frau|se[ñn]or|señora|senhor|senhora|signora|signor|pan|pani|sir|mr|mrs|ms)\.? "
        r"[A-Z]\w+(?:'s|’s)? (?:\w+ ){0,3}?(?:signals|copy-trading|trading|krypto|crypto|forex|bitcoin|usdt)|"
        r"(?:with|thanks to|grâce à|gracias a|dank|grazie a|dzięki) (?:coach|madame|madam|herr|frau|se[ñn]or|mr|mrs|ms)\.? [A-Z]\w+|"
        r"(?:experte?|expert|specialist|mentor|guru) (?:en |in |de )?(?:trading|forex|crypto)|"
        r"(?:invest\w*|invierte|inwestuj|yat[ıi]r\w*|вложи\w*|استثمر) "
        r"(?:\w+ ){0,2}\S*\d[\d.,]*\s?\S*\s(?:\w+ ){0,3}?(?:and |et |y |e |i |)?(?:get|got|receive|recevez|recibe|receba|"
        r"ricevi|otrzymaj|al|получи\w*|واربح|back)|"
        r"(?:profit|returns?|gains?|lucro|lucra|ganancia|rendement|rendite|rendimento|zysk|kazan[çc]|прибыль|доход|ربح|سود)"
        r"\b[^.!?\n]{0,30}?\b(?:garant\w*|guarant\w*|gwarant\w*|mantido|tadhmin|تضمینی|مضمون)|"
        r"(?:garant\w*|guarant\w*|gwarant\w*) (?:\w+ ){0,2}?(?:profit|returns?|gains?|lucro|ganancia|rendement|zysk|kazan[çc])|"
        r"\+\d{2}% (?:par mois|per month|a month|por m[eê]s|al mes|ao dia|al d[ií]a|per day|a day|daily|im monat|al mese)\b|"
        r"\d{2}% (?:par mois|per month|a month|por m[eê]s|al mes|ao dia|al d[ií]a|per day|a day|daily|im monat|al mese)\b"
        r"[^\n]{0,30}?(?:garant|guarant)\w*|"
        r"(?:sinyal|se[ñn]ales|sinais|signaux|signale|segnali|sygna[łl]y) (?:\w+ ){0,2}?(?:grub|grupo|groupe|gruppe|vip|gratis|"
        r"free)\w*|kripto sinyal|opciones binarias|op[çc][õo]es bin[áa]rias|options binaires|"
        r"lucra \d+% ao dia|\d{2,}x (?:easy|potential|soon)|"
        # train19 round: copied signals, monthly returns, money multiplied, fund "recovery"
        r"(?:copying|copy) @\w+(?:'s|’s)? (?:signals|trades)|rendimenti del \d+ ?%|rendements? de \d+ ?%|returns? of \d+ ?%|"
        r"\d+ ?% (?:al mese|par mois|a month|per month|al mes|ao m[eê]s)|"
        r"(?:turned|transform[ée]|transformei|convert[íi]|zamieni\w*) (?:my )?\d[\d\s.,]*\s?[€$£]? ?(?:into|en|em|in|w) \d|"
        r"c[âa][șs]tig[ăa] \d[\d.]* ?lei pe (?:zi|s[ăa]pt[ăa]m[âa]n[ăa]|lun[ăa])|investind [îi]n ac[țt]iuni|"
        r"(?:lost (?:funds|money|crypto|savings)|scammed) (?:to|by) (?:a )?(?:fake )?(?:broker|platform|investment)|"
        r"(?:fund|funds|crypto|asset) recovery (?:experts?|team|specialists?)|recovery experts?)|"
        r"跟着老师|一个月翻\w倍|炒币|"
        r"리딩방|주식 리딩|带单|高收益理财|日息|保本|資産\d+倍|投資の先生|سیگنال|خبيرة التداول|خبير التداول|تداول العملات الرقمية مضمون",
        _F,
    ),
    6,
)

#: Fake collaborations: a "gift" for which only the shipping is paid, agencies asking for logins.
_COLLAB = AlternativesPrefiltered(
    re.compile(
        r"(?<!\w)("
        r"(?:just|only) pay (?:for )?(?:the )?shipping|pay only (?:for )?(?:the )?shipping|paghi solo la spedizione|"
        r"solo (?:pagas|pagar|paga) (?:el )?env[ií]o|s[óo] (?:paga|pague) o frete|payez (?:seulement|uniquement) (?:les frais de )?"
        r"(?:port|livraison)|nur (?:den )?versand (?:zahlen|bezahlen)|zap[łl]a[ćc] tylko za wysy[łl]k\w*|"
        r"alleen (?:de )?verzendkosten|sadece kargo [üu]creti|"
        r"(?:influencer|brand|marketing) agency\b[^.!?\n]{0,60}?\b(?:collab|login|password)|"
        r"(?:login|log in|sign in) with your (?:ig|instagram|facebook|tiktok) password|"
        r"(?:ti va di|te gustar[ií]a|would you like to|want to) (?:collaborare|colaborar|collab\w*)[^\n]{0,80}?\b(?:regal\w*|gift\w*|"
        r"free|gratis)|brand ambassador\b[^\n]{0,60}?\b(?:dm|apply|discount code))",
        _F,
    ),
    6,
)

#: SEO offers and keyword stuffing.
_SEO = AlternativesPrefiltered(
    re.compile(
        r"(?<!\w)("
        r"backlinks?|guest posts?|high da\b|dofollow|pbn\b|rank (?:on )?(?:page 1|first page|#1)|page 1 (?:of|on) google|"
        r"seo (?:services|packages?|agency)|cheap[- ](?:vps|hosting)|best vps|check my (?:website|site|blog) for)",
        _F,
    ),
    6,
)

#: Casino, slot and betting promotions.
_GAMBLING = AlternativesPrefiltered(
    re.compile(
        r"(?<!\w)("
        r"\d+ free spins|no deposit (?:bonus|needed|required)|deneme bonusu|bedava bonus|yat[ıi]r[ıi]ms[ıi]z|"
        r"(?:online casino|casino online|casino app)\b[^.!?\n]{0,40}?\b(?:bonus|legit|register|sign up|daftar|free)|"
        r"sure odds (?:for )?(?:today|tonight|daily|dm|ticket|vip)|correct score (?:guaranteed|tips?|ticket|fixed)|fixed matches|"
        r"apuestas deportivas|bono del \d+%|cá cược|nhà cái|slot gacor|situs (?:resmi|slot)|anti rungkad|pola (?:jam )?hoki|"
        r"bocoran (?:pola|rtp|slot)|link rtp|wd berapapun|\.bet\b|\d{3}\.bet|"
        r"(?:bonus|bono|b[ôo]nus) (?:de |of )?\d+%[^\n]{0,40}?(?:casino|slot|apuesta|aposta|bet|spin))|"
        r"สล็อต|เว็บตรง|카지노|토토사이트|博彩|彩票网",
        _F,
    ),
    6,
)

#: Romance and adult lures.
_ROMANCE = AlternativesPrefiltered(
    re.compile(
        r"(?<!\w)("
        r"saw your profile and (?:i )?(?:want|would like|'d like|wish) to (?:be (?:your )?friends?|know you|get to know|chat|connect)|"
        r"(?:add|message|text|reply) me (?:on|at) (?:snap|snapchat|hangouts|kik|telegram|whatsapp|wickr)|"
        r"reply me on|(?:hello|hi|hey) (?:dear|beautiful|handsome|gorgeous|sweetheart)\b[^\n]{0,60}?\b(?:profile|friends|"
        r"message me|lonely)|army (?:doctor|general|officer)|peace ?keeping mission|"
        r"(?:vedova|viuda|vi[úu]va|veuve|witwe|wdowa) (?:sola|solitaria|sozinha|seule|einsam)|cerco un uomo|busco un hombre|"
        r"je cherche un homme|add me on snap|"
        # train19 round
        r"widowed (?:engineer|doctor|soldier)|you seem (?:a |like a )?(?:very )?kind person|"
        r"suche einen (?:ehrlichen |netten |treuen )?mann|schreib mir privat|busco un hombre (?:serio|sincero)|"
        r"cherche un homme (?:s[ée]rieux|sinc[èe]re))",
        _F,
    ),
    6,
)

#: Train19 round: paid "work from home" told without the task words `_TASK_LURE` knows: online
#: work paid by the day in ru/uk, hours a day for a monthly sum in tr, remote review rating.
_JOB_LURE = AlternativesPrefiltered(
    re.compile(
        r"(?<!\w)("
        r"(?:работа на дому|работ\w* онлайн|робот\w* онлайн)\b[^\n]{0,60}?(?:в день|щодня|ежедневно)|"
        r"g[üu]nde \d+ saat\b[^\n]{0,60}?kazan\w*|"
        r"(?:remote|online|home) (?:position|job|work)\b[^\n]{0,60}?\b(?:rating|reviews?|liking|likes)\b[^\n]{0,40}?"
        r"(?:/day|per day|a day))|"
        r"ทำงานออนไลน์[^\n]{0,40}?วันละ",
        _F,
    ),
    6,
)

#: Loans without checks in other languages.
_LOAN = AlternativesPrefiltered(
    re.compile(
        r"(?<!\w)("
        r"pr[ée]stamos? (?:\w+ ){0,2}?(?:r[áa]pidos?|sin|urgentes?|entre particulares|inmediatos?)|sin bur[óo]|sin aval|"
        r"empr[ée]stimos? (?:\w+ )?(?:r[áa]pidos?|sem consulta)|sem consulta (?:ao )?(?:spc|serasa)|"
        r"pr[êe]ts? (?:rapides?|entre particuliers|sans)|kredit ohne schufa|sofortkredit|"
        r"prestiti (?:veloci|senza|rapidi)|anche protestati|senza busta paga|"
        r"snelle lening|pożyczk\w* (?:\w+ )?(?:bez|szybk|online)|szybka pożyczka|bez bik|"
        r"p[ůu]j[čc]k\w* (?:\w+ )?bez|bez registru|"
        r"займ\w* (?:\w+ )?(?:без|онлайн)|кредит\w* (?:\w+ )?без (?:довідки|справки|проверки|відмови|отказа)|"
        r"без (?:отказа|відмови) и|"
        r"instant loans? (?:of |up to |upto )?(?:[₹$£€₦]|rs\.?)?\s?\d|legit (?:na )?loan app|bina cibil|walang payslip|walang collateral|mkopo wa haraka|bila dhamana|"
        r"dana cepat|vay (?:tiền )?nhanh|"
        r"قروض (?:فورية|سريعة|بدون)|وام فوری)",
        _F,
    ),
    6,
)

#: Follower, account, essay and other paid-service spam in other languages.
_SELLING = AlternativesPrefiltered(
    re.compile(
        r"(?<!\w)("
        r"takip[çc]i sat\w*|\d+k? (?:ger[çc]ek )?takip[çc]i \d|vendo seguidores|compra seguidores|comprar seguidores|"
        r"achat (?:de )?(?:followers|abonn[ée]s)|follower kaufen|koop (?:\w+ )?volgers|kup (?:\w+ )?obserwuj\w*|"
        r"jual (?:followers|pengikut)|bán (?:follow|like)|продам подписчик\w*|накрутка|"
        r"(?:buy|sell\w*|selling) (?:\w+ )?(?:aged|pva|verified aged) (?:\w+ )?accounts\b|aged (?:gmail|twitter|instagram|facebook|"
        r"tiktok) accounts?|pva (?:gmail|accounts?)|"
        r"(?:buy|sell) (?:\w+ )?accounts in bulk|"
        r"plagiarism[- ]free|do your (?:online )?(?:class|exams?|homework|assignments?)|pay after grade|"
        r"joki tugas|tez,? proje yaz\w*|[öo]dev,? (?:\w+,? )*yaz[ıi]l[ıi]r|"
        r"\d[\d.,]* (?:real |active )?(?:streams|plays|listeners) (?:\$|for)|"
        r"replica (?:bags|watches|shoes)|1:1 (?:\w+ ){0,3}reps|remove icloud|unlock any phone|"
        r"(?:without|no) diet or exercise|weight loss pills|keto pills|"
        # train19 round: goods sold in a reply, wholesale offers, creators and "ambassadors" for the shipping only
        r"selling brand new\b[^\n]{0,40}?\bfor [£$€]\d+|moq|wholesale prices?\b[^\n]{0,60}?(?:contact|dm|whatsapp|@)|"
        r"ugc creator|(?:make|create) \d+ videos for your brand|brand ambassador|"
        r"(?:just|only|simply) (?:pay|cover) (?:the )?(?:shipping|postage|delivery)|csak a sz[áa]ll[íi]t[áa]si d[íi]jat|"
        r"solo (?:pagas|paga) (?:el )?env[íi]o|nur (?:die )?versandkosten|(?:payez|paie) (?:seulement|juste) (?:les )?"
        r"frais de port|(?:s[óo]|apenas) (?:paga|pague) o frete|paghi solo (?:la )?spedizione)|"
        r"フォロワー[^。\n]{0,12}円|粉丝、点赞|出售(?:各平台)?账号|بيع متابعين|فروش فالوور|फॉलोअर्स",
        _F,
    ),
    6,
)

#: A customer who writes about a scam, a fake account or a message that reached them.
_ABOUT_A_SCAM = re.compile(
    r"\b(?:scam\w*|phishing|phish\w*|fraud\w*|fake|lookalike|look-alike|impersonat\w*|spoof\w*|smishing|"
    r"is (?:this|it|that) (?:you|legit|real|genuine|from you|yours|official)|is this a scam|are you (?:aware|sending)|"
    r"my (?:mum|mom|dad|gran|nan) got|"
    r"(?:got|received) (?:a|an|this|these|the same|several) (?:weird |strange |suspicious |dodgy |odd )?(?:sms|texts?|e-?mails?|"
    r"messages?|dms?|calls?)|beware|watch out|heads up|be careful|report(?:ed|ing)? (?:it|this|them)|"
    r"estafa\w*|timo|fraude|golpe\w*|arnaque\w*|escroqu\w*|betrug\w*|betr[üu]ger\w*|truffa\w*|oszust\w*|oplicht\w*|nep\b|"
    r"dolandır\w*|sahte|podvod\w*|[țt]eap[ăa]|мошенн\w*|шахра\w*|развод\w*|احتيال|نصب|धोखा|फ्रॉड|penipu\w*|"
    r"lừa đảo|is this legit|recib[ií] un|me lleg[óo]|recebi (?:um|uma)|j'ai re[çc]u|"
    r"ho ricevuto|dosta[łl]em|ik kreeg|[çc]ektiler)\b|詐欺|사기|诈骗|骗子",
    _F,
)
#: A brand's own advice about secrets ("we will never ask for your PIN", "don't share your OTP").
_SAFETY_ADVICE = re.compile(
    r"\b(?:(?:will|would) never ask|never ask(?:s|ed)? (?:you|for)|won't ask|do not share|don't share|never share|"
    r"nunca (?:te |le |lhe |vos )?(?:pediremos|pedimos|pediremos|vamos pedir|solicitamos)|ne (?:vous )?demanderons jamais|"
    r"niemals nach|non (?:ti |le )?chiederemo mai)",
    _F,
)
#: A customer asking whether a message that reached them is real (also lets off `legitimacy`'s own scam offers).
_ASKS_IF_REAL = re.compile(
    r"\b(?:(?:is|was) (?:this|it|that) (?:really |actually )?(?:you|legit|real|genuine|from you|yours|official|a scam)|"
    r"(?:really|actually) from you|"
    r"(?:got|received|getting) (?:a|an|this|these|the same|several) (?:weird |strange |suspicious |dodgy |odd )?"
    r"(?:sms|texts?|e-?mails?|messages?|dms?)\b)",
    _F,
)
#: "no scam", "not a scam": scam posts say so about themselves.
_NOT_A_SCAM = re.compile(r"\b(?:no(?:t| be)?(?: a)? scam|not fake|no fake|100% legit)\b", _F)


def asks_if_real(text: str) -> bool:
    """Whether the post asks if a message it quotes is real ("I got a text saying ..., is this you?")."""
    return _ASKS_IF_REAL.search(text) is not None and not _NOT_A_SCAM.search(text)


#: A hyphenated bare domain on any top-level domain ("acmerail-care.help/form", "mono-kompensatsiya.site"):
#: `legitimacy` counts only some top-level domains as links; lookalikes use every one.
_LOOKALIKE = re.compile(r"(?<![@\w.-])[a-z0-9]+(?:-[a-z0-9]+)+(?:\.[a-z0-9-]+)*\.[a-z]{2,12}(?![\w@-])")


def _bare_link(text: str, urls: list[str]) -> bool:
    """A lookalike link: a bare domain or a shortener, not a tweet's own t.co link."""
    if any(not u.lower().startswith(("http://t.co", "https://t.co")) for u in urls):
        return True
    return "-" in text and "." in text and _LOOKALIKE.search(text) is not None


def world_scam_reasons(text: str, folded: str, urls: list[str]) -> list[str]:
    """The scam families (reason names) found in `text`; `folded` is `prefilter.fold(text)` and
    `urls` the links `legitimacy.links_in` found (spelled-out ones put back together)."""
    reasons: list[str] = []
    link = _bare_link(text, urls)
    if (
        _TASK_GATE.search(text, folded)
        and _EARN.search(text)
        and _AMOUNT.search(text)
        and _TASK_LURE.search(text)
        # a reply to a brand is a customer telling their income unless it also sells the job
        and (not text.lstrip().startswith("@") or _JOB_CUE.search(text))
    ) or _JOB_LURE.search(text, folded):
        reasons.append("task_scam")
    # the brand's own safety advice is looked for last: most posts hold no phishing cue at all
    if (
        (
            link
            and (
                _PHISH_ACTION.search(text, folded)
                or _PHISH_GLUED.search(text, folded)
                or _PHISH_WITH_LINK.search(text, folded)
            )
        )
        or _SECRET_ASK.search(text, folded)
        or (_PHISH_GLUED.search(text, folded) and re.search(r"链接|リンク|こちら|الرابط|لینک|लिंक|লিংক", text))
    ) and not _SAFETY_ADVICE.search(text):
        reasons.append("phishing")
    if _PRIZE.search(text, folded) and (link or _CLAIM.search(text)):
        reasons.append("prize_claim")
    if _INVEST.search(text, folded):
        reasons.append("investment_scam")
    if _COLLAB.search(text, folded):
        reasons.append("fake_collab")
    if _SEO.search(text, folded) or (link and _stuffed(folded)):
        reasons.append("seo_spam")
    if _GAMBLING.search(text, folded):
        reasons.append("gambling")
    if _ROMANCE.search(text, folded):
        reasons.append("romance_lure")
    if _LOAN.search(text, folded):
        reasons.append("loan_scam")
    if _SELLING.search(text, folded):
        reasons.append("paid_service_spam")
    if reasons and (_ABOUT_A_SCAM.search(text) or _ASKS_IF_REAL.search(text)) and not _NOT_A_SCAM.search(text):
        return []
    return reasons


_WORD = re.compile(r"[^\W\d_]{4,}")


def _stuffed(folded: str) -> bool:
    """Keyword stuffing: one word of four letters or more said four times or more in a short post."""
    words = _WORD.findall(folded)
    if len(words) < 8:
        return False
    counts: dict[str, int] = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return max(counts.values()) >= 4
