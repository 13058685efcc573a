"""Secrets a customer writes out in a post beyond "password: X" (B-MODERATE hides them).

`pii._PASSWORD` finds a password right after its word. Customers also post the code their bank
texted them ("the code you sent was 482913", "OTP 552 901"), the PIN of a new card a few words
after the word ("el PIN de la tarjeta nueva es 7741"), the answer to their security question,
a gift card's claim code or a Wi-Fi key. Each family here is a credential word, then a short gap
that holds no word making the value something else (an order, a promo, an error, a phone), then
a value of the shape that credential has: digits for codes and PINs, mixed letters and digits
for keys and claim codes, a quoted word for security answers.

A bare "code" is everywhere in complaints (error codes, promo codes, postcodes), so it counts
only when the post also says the code was sent, received or typed (`_SENT`), and only for a
number.
"""

from __future__ import annotations

import re
from typing import Any

from calmdesk.triage.prefilter import AnyOf, fold

#: Words that name a numeric secret: a PIN, a one-time or verification code, in the desk's languages.
_NUMERIC_LABEL = (
    r"(?:(?:verification|verify|security|one[- ]time|otp|sms|2fa|auth) (?:number|no\.?|#)|authenticator(?: app)?|"
    r"(?:upi |atm |card |debit card |sim |phone |app |delivery |door |gate |safe |alarm |keypad |lock |locker |"
    r"online banking |mobile banking )?(?:pin|pins|pincode|pin-?code|pin-?kode|pinkod(?:en)?|pin-?koodi|nip|mpin|puk)"
    r"(?: code| number| no\.?| ?#)?|push-?tan|m-?tan|tan|otp|one[- ]time (?:pass(?:word|code)?|code|pin)|"
    r"(?:verification|verify|security|sms|text|2fa|two[- ]factor|auth(?:entication|entification|ori[sz]ation)?|"
    r"log[- ]?in|sign[- ]in|access|blik|unlock|recovery|backup|activation|confirmation sms|door|gate|safe|alarm|"
    r"keypad|one[- ]time)(?: e-?mail| sms| text)?[- ]codes?|passcodes?|pass codes?|"
    r"(?:delivery|pickup|pick-up|collection|handover) (?:code|pin)|c[óo]digo de (?:entrega|retirada|recogida)|"
    r"code de (?:livraison|retrait)|codice (?:di consegna|di ritiro)|abholcode|zustellcode|kod odbioru|bezorgcode|"
    r"c[óo]digos? (?:de )?(?:verificaci[óo]n|verifica[çc][ãa]o|seguridad|seguran[çc]a|sms|acceso|acesso|otp|"
    r"confirmaci[óo]n|confirma[çc][ãa]o|activaci[óo]n|ativa[çc][ãa]o|desbloqueo|pin)|c[óo]digo otp|"
    r"claves? (?:de acceso|din[áa]mica|de seguridad|de cajero|sms|de firma)|"
    r"code (?:de |d')?(?:v[ée]rification|s[ée]curit[ée]|confirmation|acc[eè]s|activation|pin|secret|confidentiel|"
    r"provisoire|sms)|code sms|code [àa] \d chiffres|"
    r"best[äa]tigungscode|sicherheitscode|verifizierungscode|einmalcode|einmalpasswort|freischaltcode|sms-code|"
    r"kod(?:u|em)? (?:blik|sms|weryfikacyjn\w*|jednorazow\w*|potwierdzaj[ąa]c\w*|dost[ęe]pu|pin|aktywacyjn\w*)|"
    r"codice (?:otp|di verifica|di sicurezza|sms|temporaneo|pin|segreto|dispositivo|di accesso|di attivazione)|"
    r"verificatiecode|beveiligingscode|toegangscode|activeringscode|"
    r"s[äa]kerhetskod(?:en)?|eng[åa]ngskod(?:en)?|verifieringskod(?:en)?|engangskode(?:n)?|sikkerhedskode(?:n)?|"
    r"bekr[æe]ftelseskode(?:n)?|vahvistuskoodi|tunnusluku|"
    r"do[ğg]rulama kodu|onay kodu|kode (?:otp|verifikasi|keamanan|aktivasi)|"
    r"m[ãa] (?:otp|pin|x[áa]c (?:nh[ậa]n|minh)|b[ảa]o m[ậa]t)|"
    r"код(?:а)? (?:подтверждения|из смс|из sms|доступа)|смс-код|sms-код|пин-?код|"
    r"رمز (?:التحقق|التفعيل|التأكيد|otp)|كود (?:التفعيل|التحقق)|الرقم السري|"
    r"認証コード|確認コード|暗証番号|ワンタイムパスワード|验证码|驗證碼|인증번호|인증 번호|비밀번호)"
)
#: More numeric labels (round 4), a pattern of their own run only on posts holding one of their
#: words (`_MORE_HINTS`), so the other posts do not pay for the longer alternation.
_NUMERIC_LABEL_MORE = (
    # door and entry codes a courier is given, in the desk's languages
    r"(?:(?:haus)?t[üu]rcode|torcode|digicode|code (?:de (?:la )?|d['’])?(?:porte|portail|entr[ée]e|immeuble)|"
    r"codice (?:del |d['’])?(?:portone|cancello|citofono|ingresso)|deurcode|poortcode|portkod(?:en)?|d[øo]rkode(?:n)?|"
    r"c[óo]digo (?:del |do |da )?(?:port[ãa]o|portal|puerta|port[óo]n|entrada|pr[ée]dio)|kod (?:do )?(?:drzwi|bramy|domofonu)|"
    r"код (?:от )?(?:домофона|подъезда|двери)|"
    # "the 4-digit PIN", "la clave de 4 dígitos", "code à 6 chiffres", "6-stelliger Code"
    r"(?:clave|c[óo]digo|code|codice|kod|pin|passcode|senha|kode)\s(?:de |à |a |di |of |z )?\d[- ]?"
    r"(?:digits?|d[íi]gitos|chiffres|cifre|cyfr\w*|stellig\w*|haneli)|"
    r"\d[- ](?:digit|stellige[rn]?|cyfrowy|chiffres) (?:code|pin|passcode|kod|kode|pin-code)|"
    # one-time codes and PINs in more languages (ro, hr/sr, cs/sk, hu, uk, el, he, fa, th)
    r"cod(?:ul)? (?:de )?(?:confirmare|verificare|securitate|activare|autentificare|acces|otp|sms|pin)|pin-?ul|"
    r"kod za (?:potvrdu|verifikaciju|prijavu)|verifikacijski kod|jednokratni kod|"
    r"ov[ěe]řovac[íi] k[óo]d|overovac[íi] k[óo]d|potvrzovac[íi] k[óo]d|jednor[áa]zov[ýy] k[óo]d|sms k[óo]d|"
    r"ellen[őo]rz[őo] k[óo]d|meger[őo]s[íi]t[őo] k[óo]d|"
    r"пін(?:-?код)?|код (?:підтвердження|з смс)|κωδικ[οό]ς (?:επιβεβαίωσης|επαλήθευσης|otp|sms)|"
    r"קוד (?:אימות|חד[- ]פעמי)|کد (?:تایید|تأیید)|รหัส ?otp|รหัสยืนยัน)"
)
#: The same for a bare "code": only with `_SENT` somewhere near (the code was sent, received, typed).
_BARE_CODE_LABEL = r"(?:codes?|c[óo]digos?|codice|kod(?:u|em)?|kode|koden|koodi|код(?:а|у)?|رمز|كود|mã|コード)"
#: Words that name a password-like secret (letters and digits), with a gap allowed before the value.
_WORD_LABEL = (
    r"(?:password|passwd|pwd|passphrase|contrase[ñn]a|clave(?: de acceso)?|mot de passe|mdp|passwort|kennwort|"
    r"jelsz[óo]\w*|jelszav\w*|κωδικ[οό]ς(?: πρόσβασης)?|סיסמ[האת]\w*|पासवर्ड|รหัสผ่าน|"
    r"wachtwoord|senha|has[łl]o|salasana|l[öo]senord(?:et)?|passord(?:et)?|adgangskode(?:n)?|[şs]ifre(?:m|miz|si)?|"
    r"heslo|kata ?sandi|parola|пароль|كلمة (?:المرور|السر)|パスワード|密码|密碼|비밀번호|m[ậa]t kh[ẩa]u|"
    r"(?:wpa2?|wi-?fi|wlan|network|router|security|recovery|backup|2fa|license|licence|product|activation|"
    r"secret|master) key|(?:gift ?card|claim|redeem|redemption|redeeming|wallet card|top-?up|prepaid) (?:code|pin|number)s?)"
)
#: More password words (round 4), with `_NUMERIC_LABEL_MORE`.
_WORD_LABEL_MORE = (
    r"(?:parol[aăe]\w*|парол\w*|lozink\w*|geslo|slapta[žz]od\w*|palavra-passe|contrasenya|kata laluan|"
    r"fjal[ëe]kalim\w*|رمز (?:ال)?عبور|پاس ورڈ|비번|(?:access|api) key|(?:api|access|auth|bearer|personal access) token)"
)
#: Security questions and their answers, in the desk's languages.
_ANSWER_LABEL = (
    r"(?:(?:security|secret|memorable) (?:answer|question|word)|memorable information|maiden name|"
    r"respuesta (?:de|a la pregunta de) seguridad|pregunta (?:de seguridad|secreta)|sicherheitsfrage|sicherheitsantwort|"
    r"risposta (?:alla domanda )?(?:di sicurezza|segreta)|domanda (?:di sicurezza|segreta)|"
    r"r[ée]ponse (?:[àa] la question )?secr[èe]te|question secr[èe]te|resposta (?:de segurança|secreta)|"
    r"pergunta (?:de segurança|secreta)|veiligheidsvraag|beveiligingsvraag|s[äa]kerhetsfr[åa]ga|pytanie pomocnicze)"
)
#: A gap word that makes the number something other than a secret ("the code for order 5512 is").
_GAP_NOT = re.compile(
    r"\b(?:order|orders|ref|reference|ticket|booking|case|invoice|tracking|parcel|shipment|account|customer|member|"
    r"membership|loyalty|promo|promotional|discount|voucher|coupon|referral|post|postal|zip|area|error|product|item|"
    r"model|serial|phone|mobile|number|hotline|call|ring|pedido|commande|bestellung|bestelling|zam[óo]wienie|"
    r"factura|facture|rechnung|fehler|erreur|error|postcode|cp)\b",
    re.I,
)
#: Gap words that make the value after them an object, not the secret ("password for user jsmith88").
_GAP_OBJECT = re.compile(
    r"\b(?:for|of|on|in|to|at|from|with|by|into|via|after|since|until|user|username|usuario|utilisateur|benutzer|"
    r"account|email|e-mail|id|name|device|model|phone|iphone|android|version|app|für|pour|par|per|voor|dla|von|vom)\b",
    re.I,
)
#: A preposition right before a number makes it a date, a time or a place ("PIN changed in 2023").
_BEFORE_NOT = re.compile(
    r"\b(?:in|on|since|at|by|until|till|from|for|after|before|within|around|about|over|under|to the|em|en|desde|"
    r"seit|im|am|um|depuis|dal|dalle|od|do|w|na|op|sinds|sedan|fino|hasta|até|room|flat|apt|unit|gate|platform|"
    r"seat|row|floor|bus|line|route|flight|train|no\.?|nr\.?|#)\s*$",
    re.I,
)
#: A unit or currency right after a number makes it an amount ("2000 euros", "4 attempts").
_AFTER_NOT = re.compile(
    r"^\s*(?:%|€|\$|£|¥|₹|zł|eur\b|euros?\b|usd\b|dollars?\b|pounds?\b|gbp\b|pln\b|kr\b|sek\b|nok\b|dkk\b|chf\b|"
    r"inr\b|rs\b|rupees?\b|reais\b|pesos?\b|lira\b|tl\b|min\b|mins\b|minutes?\b|secs?\b|seconds?\b|hours?\b|hrs?\b|"
    r"days?\b|weeks?\b|months?\b|years?\b|times\b|attempts?\b|tries\b|digits?\b|chiffres\b|d[íi]gitos\b|cifre\b|"
    r"stellen\b|km\b|kg\b|mb\b|gb\b|kwh\b|[ap]\.?m\.?\b|h\b|uhr\b|horas?\b|heures?\b|ore\b)",
    re.I,
)
#: Sent, received or typed: what makes a bare "code" a one-time code.
_SENT = re.compile(
    r"\b(?:sms|text(?:ed)?|txt|sent|send|gave|given|typed|type|entered|enter|put in|received|got|set|letter|"
    r"e-?mailed|otp|2fa|verification|verify|authenticat\w*|login|log in|sign in|unlock|activat\w*|"
    r"envi(?:aron|ado|ada|aram|ou|ei)|lleg[óo]|chegou|recib\w*|recebi\w*|introduc\w*|introduz\w*|digit\w*|"
    r"mandat[oa]|inviat[oa]|ricevut[oa]|inserit[oa]|envoy[ée]e?|re[çc]u|saisi|tap[ée]|gesendet|erhalten|"
    r"eingegeben|geschickt|ingevoerd|ontvangen|gestuurd|przys[łl]an\w*|otrzyma\w*|wpisa\w*|wys[łl]an\w*|"
    r"skickad\w*|fick|sendt|fikk|fået|gönderil\w*|girdim|geldi|dikirim|masukkan|смс|пришел|пришёл|ввожу|ввела?|"
    r"отправ\w*|أرسل\w*|وصل\w*|送信|届いた|入力|发送|输入|보낸|입력|nh[ậa]p|g[ửu]i)",
    re.I,
)
#: Between a label and its value: up to six words (no digits, no sentence end) and then a verb,
#: a colon, an opening bracket or quote that ties them; or, with no such tie, at most `few`
#: words (two before a number: "PIN ATM saya 130590"; none before a key).
_WORD_IN_GAP = r"(?:[^\s\d.!?:=()\[\]\"'’“”«»→]|(?<=[a-zA-Z])['’](?=[a-zA-Z]))+(?:\s+|(?=[:=(\[«“\"'‘]))"
_VERBS = (
    r"(?:is|was|were|are|es|era|fue|est|c['’]est|était|ist|lautet|war|é|foi|è|jest|by[łl]|er|var|är|je|"
    r"bylo|este|adalah|ialah|ay|to|là|है|は|是|为|為|هي|هو|는|은|on|ist der|is like|gave (?:him|her|them|it)|used|typed(?: in)?|entered|put in|tried|"
    r"είναι|ήταν|היא|הוא|е|є|است|ہے|คือ|c['’]était|était|"
    # the code given away ("aku udah kasih 482913", "I shared 4410", "je lui ai donné 5512")
    r"gave|shared|told (?:him|her|them)|handed over|kasih|ngasih|dikasih|kasi|donn[ée]|gegeben|podał[ae]m|verdim|ให้ไป)"
    r"\s*[:=]?\s*|(?:-+>|=>|→|[:=#–—-])\s*|[(\[«“\"'‘]{1,2}\s*"
)


_VERB_ONLY = re.compile(_VERBS, re.I)
#: A possessive right after the word ("password saya X", "yung password ko ay X").
_OWNER = r"(?:saya|ko|ku|mo|mu|nya|anda|kamu|mine|у меня|мой|моя|μου|שלי|حقتي|الخاص بي|تبعي|بتاعي)\s+"
#: Words between "is" and the value ("my pin is my birthday 0716", "password is still Bremen2021").
_FILLER = r"(?:(?:still|just|literally|always|actually|simply|basically|now|again)\s+)"


#: A key that mixes letters and digits, 6 characters or more ("Jogja_123", "Riyadh@2024").
_STRONG = r"(?=[^\s\"'”’»),;，。！？]{6})(?=[^\s\"'”’»),;，。！？]*\d)(?=[^\s\"'”’»),;，。！？]*[^\W\d_])"


def _tie(few: int) -> str:
    # a number may have up to two such words; a key only the fillers, or one or two words before
    # a key that mixes letters and digits ("password wifi saya Jogja_123", "clave de internet Lota2019*")
    after = rf"(?:{_WORD_IN_GAP}){{1,2}}?" if few else _FILLER
    strong = "" if few else rf"|(?P<gap_strong>(?:{_WORD_IN_GAP}){{1,2}}?){_STRONG}"
    return (
        rf"(?:(?P<gap>(?:{_WORD_IN_GAP}){{1,6}}?)(?P<verb>{_VERBS})"
        rf"|(?P<verb2>{_VERBS})(?P<gap2>{after})"
        rf"{strong}"
        rf"|(?P<gap0>{_OWNER}|(?:{_WORD_IN_GAP}){{0,{few}}}?)(?P<verb0>(?:{_VERBS})?))"
    )


_DIGITS = r"(?P<digits>\d(?: \d){3,7}|\d{2,4}(?:[ -]\d{2,4}){1,3}|\d{4,8})(?![\w-]|[.,]\d)"
_KEY = (
    r"(?P<key>(?-i:[A-Z0-9]{3,8}(?: [A-Z0-9]{3,8}){1,5})(?![\w-])|[A-Za-z0-9]{3,8}(?:-[A-Za-z0-9]{3,8}){1,5}(?![\w-])|"
    r"[^\s\"'”’»),;，。！？、]{4,64})"
)
#: After a label: not a letter (so "pin" is not "pink"); CJK labels run straight into their particle.
_LABEL_END = r"(?![a-zA-Zà-ÿ])\s*"
_NUMERIC = re.compile(r"(?<![\w-])" + _NUMERIC_LABEL + _LABEL_END + _tie(2) + _DIGITS, re.I)
_BARE = re.compile(r"(?<![\w-])" + _BARE_CODE_LABEL + _LABEL_END + _tie(2) + _DIGITS, re.I)
#: Before the word: not a Latin letter or digit (a CJK word runs straight into it: "我的密码是").
_WORD = re.compile(r"(?<![a-zA-Z0-9à-ÿ_-])(?:" + _WORD_LABEL + "|" + _NUMERIC_LABEL + ")" + _LABEL_END + _tie(0) + _KEY, re.I)
def _first_chars(src: str, flags: int) -> frozenset[str] | None:
    """The characters a match of `src` can start with, as its source writes them (None when
    some path starts with a class or an item this reader does not follow, or may be empty)."""
    from re import _parser as K  # type: ignore[attr-defined]  # noqa: PLC0415 (used on first use only)

    def seq(items: list[tuple[Any, Any]]) -> tuple[set[str] | None, bool]:
        out: set[str] = set()
        for op, av in items:
            chars, nullable = item(op, av)
            if chars is None:
                return None, False
            out |= chars
            if not nullable:
                return out, False
        return out, True

    def item(op: Any, av: Any) -> tuple[set[str] | None, bool]:
        if op is K.LITERAL:
            return {chr(av)}, False
        if op is K.IN:
            chars: set[str] = set()
            for o, a in av:
                if o is K.LITERAL:
                    chars.add(chr(a))
                elif o is K.RANGE:
                    chars |= {chr(c) for c in range(a[0], a[1] + 1)}
                else:
                    return None, False
            return chars, False
        if op is K.BRANCH:
            chars, empty = set(), False
            for alt in av[1]:
                got, nullable = seq(list(alt))
                if got is None:
                    return None, False
                chars |= got
                empty = empty or nullable
            return chars, empty
        if op is K.SUBPATTERN:
            return seq(list(av[-1]))
        if op in (K.MAX_REPEAT, K.MIN_REPEAT, K.POSSESSIVE_REPEAT):
            got, nullable = seq(list(av[2]))
            return got, nullable or av[0] == 0
        if op in (K.AT, K.ASSERT, K.ASSERT_NOT):
            return set(), True
        return None, False

    chars, nullable = seq(list(K.parse(src, flags)))
    return None if chars is None or nullable else frozenset(chars)


#: Every character a label of `_WORD` can start with under `re.I`, found by asking `re` about
#: every code point (too slow for start-up: tests/triage/test_speed_s3_credentials.py does it again).
_WORD_FIRST = (
    "2ABCDEFGHJKLMNOPRSTUVWZabcdefghjklmnoprstuvwz\u015e\u015f\u017f\u039a\u03ba\u03f0\u041a\u041f\u0421"
    "\u043a\u043f\u0441\u05e1\u0627\u0631\u0643\u092a\u0e23\u1c83\u212a\u30d1\u30ef\u5bc6\u6697\u78ba"
    "\u8a8d\u9a57\u9a8c\ube44\uc778"
)
#: Where `_WORD` may start: one of those characters where `_WORD`'s look-behind holds. The class
#: comes first and without `re.I`, so `re` scans for it in C.
_WORD_START = re.compile("[" + re.escape(_WORD_FIRST) + "]" + r"(?<!(?i:[a-zA-Z0-9à-ÿ_-]).)")
def _word_matches(text: str) -> list[re.Match[str]]:
    """`list(_WORD.finditer(text))`, cheaper: `_WORD` starts with a look-behind and tries its
    hundred labels, case-insensitively, at every place of the post (about 100 us a post). Here
    `re` scans for the places where a label can start (`_WORD_START`, about one word in two)
    and `_WORD` is tried there only: a match found there is the one `_WORD.finditer` finds,
    and the next search starts where it ends, as `finditer` does (a label is never empty).
    Per-character sets of labels were faster still, but compiling them cost each worker
    more (~50 ms) than they saved over 25,000 posts."""
    found: list[re.Match[str]] = []
    pos = 0
    search = _WORD_START.search
    match = _WORD.match
    while (c := search(text, pos)) is not None:
        start = c.start()
        m = match(text, start)
        if m is None:
            pos = start + 1
        else:
            found.append(m)
            pos = m.end()
    return found


_NUMERIC_MORE = re.compile(r"(?<![\w-])" + _NUMERIC_LABEL_MORE + _LABEL_END + _tie(2) + _DIGITS, re.I)
_WORD_MORE = re.compile(
    r"(?<![a-zA-Z0-9à-ÿ_-])(?:" + _WORD_LABEL_MORE + "|" + _NUMERIC_LABEL_MORE + ")" + _LABEL_END + _tie(0) + _KEY, re.I
)
_ANSWER = re.compile(
    r"(?<![\w-])" + _ANSWER_LABEL + r"(?![a-zA-Zà-ÿ])"
    # the answer word of Japanese, Chinese and Korean, straight after its particle ("質問の答えは「...」")
    r"|答え(?:は|が)?|答案(?:是|为|為)?|답(?:은|변은)",
    re.I,
)
#: The answer after a security-question word: a quoted phrase, or a capitalised word after "is".
_ANSWER_VALUE = re.compile(
    r"(?:(?<![\w])[\"'‘“«]|[「『])(?P<quoted>[^\"'’”»」』\n?]{2,40})[\"'’”»」』](?![a-zA-Z])"
    r"|(?:\b(?:is|was|es|era|è|é|est|ist|lautet|antwort|answer|svar|odpowied[źz]|respuesta|risposta|resposta)\s*:?|:)\s*"
    r"(?P<named>(?-i:[A-ZÀ-Ý])(?:[\w-]|['’](?=\w)){2,30})",
    re.I,
)
#: A quoted question is not its answer ("my security question is 'name of your first pet'").
_QUESTION_START = re.compile(
    r"^(?:what|which|where|who|when|name|your|nombre|cu[áa]l|qu[ée]|d[óo]nde|wie|was|wo|welche[rs]?|name des|quel(?:le)?|"
    r"o[uù]|nom|qual|quale|come|dove|nome|wat|waar|welke|vad|var|vilken|jak|gdzie)\b",
    re.I,
)

#: Cheap gates (lower-cased `in` tests in one pass each): a post runs a family's pattern only
#: when it holds one of its words.
_NUMBER_HINTS = (
    "pin", "nip", "puk", "tan", "otp", "code", "verif", "authenticator", "one time", "one-time", "codi", "códi", "kod", "koodi", "clave", "tunnusluku", "mã", "код",
    "رمز", "كود", "الرقم السري", "コード", "暗証", "验证码", "驗證碼", "인증", "비밀번호", "ワンタイム",
)  # fmt: skip
_NUMBER_ANY = AnyOf(_NUMBER_HINTS, shared=True)
_WORD_HINTS = (
    "passw", "pwd", "passphrase", "contrase", "clave", "passe", "mdp", "kennwort", "wachtwoord", "senha",
    "hasł", "hasl", "salasana", "senord", "passord", "adgangskode", "şifre", "sifre", "heslo", "sandi", "parola",
    "пароль", "كلمة", "パスワード", "密码", "密碼", "비밀번호", "mật khẩu", "mat khau", "key", "code", "codi", "códi",
    "kod", "koodi", "otp", "pin", "tan", "код", "رمز", "كود", "コード", "验证码", "驗證碼", "인증", "jelsz", "jelszav",
    "κωδικ", "סיסמ", "पासवर्ड", "รหัสผ่าน",
)  # fmt: skip
#: The words of the round-4 labels (`_NUMERIC_LABEL_MORE`, `_WORD_LABEL_MORE`).
_MORE_HINTS = (
    "türcode", "turcode", "torcode", "digicode", "porte", "portail", "entrée", "entree", "immeuble", "portone", "cancello",
    "citofono", "ingresso", "deurcode", "poortcode", "portkod", "dørkode", "dorkode", "portão", "portao", "portal", "puerta",
    "portón", "porton", "entrada", "prédio", "predio", "drzwi", "bramy", "domofon", "домофон", "подъезд", "двери",
    "digit", "dígito", "chiffres", "cifre", "cyfr", "stellig", "haneli",
    "codul", "cod ", "pin-ul", "pinul", "kod za", "verifikacijski", "jednokratni", "kód", "пін", "код під", "код з",
    "κωδικ", "קוד", "کد", "รหัส",
    "parol", "парол", "lozink", "geslo", "slapta", "palavra-passe", "contrasenya", "laluan", "fjal", "عبور", "پاس ورڈ",
    "비번", "access key", "api key", "api token", "access token", "auth token", "bearer token",
)  # fmt: skip
_MORE_ANY = AnyOf(_MORE_HINTS, shared=True)
#: The key pattern also reads the numeric labels ("verification code was QX7-41M").
_WORD_ANY = AnyOf(tuple(sorted(set(_WORD_HINTS + _NUMBER_HINTS))), shared=True)
_ANSWER_HINTS = (
    "answer", "question", "maiden", "memorable", "secret word", "respuesta", "pregunta", "sicherheits", "risposta", "domanda",
    "réponse", "reponse", "secrète", "secrete", "resposta", "pergunta", "vraag", "fråga", "fraga", "pytanie",
    "答え", "答案", "답은", "답변은",
)  # fmt: skip
_ANSWER_ANY = AnyOf(_ANSWER_HINTS, shared=True)
_TOKEN_WORDS = ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "akia", "aiza", "xox", "k_live_", "glpat-", "sk-", "npm_", "pypi-", "secret")
#: Round-5 words (`round5_secrets`): password words of more languages, security-question phrasings.
_R5_PASSWORD_HINTS = (
    "passw", "mot de passe", "palavra-passe", "contrase", "senha", "wachtwoord", "kodeord", "adgangskode", "passord",
    "senord", "salasana", "hasł", "hasl", "heslo", "geslo", "lozink", "parol", "jelsz", "пароль", "парол", "κωδικ",
    "şifre", "sifre", "sandi", "laluan", "clave",
)  # fmt: skip
_R5_QUESTION_HINTS = (
    "security question", "secret question", "maiden", "memorable", "first pet", "pet's", "pet name", "mascota",
    "pregunta", "sicherheitsfrage", "haustier", "secrète", "secrete", "premier animal", "premier chien", "premier chat",
    "domanda", "primo animale", "primo cane", "pergunta", "primeiro animal", "primeiro cachorro", "primeiro cão",
    "vraag", "fråga", "fraga", "spørgsmål", "spørsmål", "pytanie", "first dog", "first school", "first car",
    "childhood pet", "favourite pet", "favorite pet",
)  # fmt: skip
#: The code words of a code read digit by digit (`_R5_CODE_LABEL`); its digits are checked after.
_R5_CODE_ANY = AnyOf(
    ("code", "kood", "kód", "kod", "clave", "código", "codigo", "codice", "pin", "passcode", "schlüssel", "schlussel",
     "zahlenschloss", "kombination", "κωδικ"),
    shared=True,
)  # fmt: skip
#: The words of the other round-5 families.
_R5_ANY = AnyOf(
    _R5_PASSWORD_HINTS + _R5_QUESTION_HINTS
    + ("codul", "κωδικ", "kood", "eyj", "disarm", "arming", "lockbox", "lock box", "key box", "keybox", "key safe",
       "padlock", "combination", "entry code", "alarm pin", "keypad pin", "phrase", "mnemonic", "frase"),
    shared=True,
)  # fmt: skip
#: All of them: one pass that most posts fail, before the three above.
_PHRASE_WORDS_HINTS = (
    "phrase", "mnemonic", "seed", "frase", "herstelzin", "fraza", "助记词", "助記詞",
    "words", "palabras", "mots", "wörter", "parole", "palavras", "słów", "woorden", "kelime",
)  # fmt: skip
_ANY_HINT = AnyOf(
    tuple(sorted(set(_NUMBER_HINTS + _WORD_HINTS + _ANSWER_HINTS + _PHRASE_WORDS_HINTS + _MORE_HINTS + _TOKEN_WORDS))),
    shared=True,
)
#: Values after a password word that are ordinary words, not secrets ("password is wrong").
_NOT_SECRET = re.compile(
    r"(?:wrong|incorrect|invalid|expired|rejected|not|no|the|my|your|a|an|it|this|that|reset|changed|correct|right|"
    r"same|required|needed|too|so|very|still|again|now|please|pls|and|or|but|rules?|policy|field|page|link|"
    r"incorrect[ao]?|err[óo]nea|errad[ao]|sbagliat[ao]|falsch|faux|fausse|fout|felaktig|feil|forkert|väärä|yanlış|"
    r"неверный|خطأ)[.!?,]*",
    re.I,
)


#: A wallet's recovery (seed) phrase typed out: its word, then 12 to 24 lower-case words.
_PHRASE = re.compile(
    r"(?<![\w-])(?:seed|recovery|secret recovery|mnemonic|backup|wallet) ?(?:phrase|words)|\bmnemonic\b|"
    r"frase (?:semilla|de recuperaci[óo]n|secreta)|phrase (?:de r[ée]cup[ée]ration|secr[èe]te)|"
    r"wiederherstellungsphrase|seed-?phrase|herstelzin|fraza odzyskiwania|助记词|助記詞|"
    # "the 12 words", "mis 24 palabras": a wallet's word count
    r"\b(?:12|15|18|21|24) (?:words|palabras|mots|w[öo]rter|parole|palavras|s[łl][óo]w|woorden|kelime)",
    re.I,
)
_PHRASE_WORDS = re.compile(r"[:=\-–—\s\"'“]*(?P<words>[a-z]{3,8}(?:[ ,]+[a-z]{3,8}){11,23})")
_PHRASE_HINTS = AnyOf(_PHRASE_WORDS_HINTS, shared=True)
#: The words may come after a few more, then a colon ("typed my recovery phrase into a fake site: orbit ...").
_PHRASE_COLON = re.compile(r"[^.!?\n:]{0,80}:")

#: Keys and tokens recognisable by their issuer's prefix and length (GitHub, AWS, Google, Slack,
#: Stripe, GitLab, OpenAI, npm, PyPI), and a 40-character AWS secret after "secret".
_TOKEN = re.compile(
    r"(?<![\w-])(?:(?-i:gh[pousr]_[A-Za-z0-9]{36}|github_pat_\w{60,90}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|"
    r"xox[abpsr]-[A-Za-z0-9-]{10,80}|[sr]k_live_[0-9A-Za-z]{20,99}|glpat-[0-9A-Za-z_-]{20}|sk-(?:proj-)?[A-Za-z0-9_-]{32,160}|"
    r"npm_[A-Za-z0-9]{36}|pypi-[A-Za-z0-9_-]{50,200})"
    r"|(?<=secret )(?-i:[A-Za-z0-9/+]{40})|(?<=secret: )(?-i:[A-Za-z0-9/+]{40})|(?<=secret key )(?-i:[A-Za-z0-9/+]{40}))(?![\w/+=-])",
    re.I,
)
_TOKEN_HINTS = AnyOf(_TOKEN_WORDS, shared=True)


#: A value before its word, tied by "as/is + my/the": "I entered 918273 as the OTP".
_BEFORE_LABEL = re.compile(
    r"(?<![\w-])[\"'“]?(?P<value>\d{4,8}|[^\s\"'”]{4,40})[\"'”]?\s+(?:as|is|was|=|es|era|é|est|ist|è|to|jest|adalah)\s+(?:the|my|our|your|mi|el|la|a minha|o meu|minha|meu|"
    r"mon|ma|le|mein|meine|il mio|la mia|mijn|moje|mój|m[oó]j)\s+(?:new\s+|nuevo\s+|nova\s+|novo\s+)?"
    r"(?:" + _WORD_LABEL + "|" + _NUMERIC_LABEL + r")(?![a-zA-Zà-ÿ])",
    re.I,
)
_BEFORE_HINTS = AnyOf(
    (" as the ", " as my ", " is my ", " as our ", " was my ", " as your ", " is the ", " es mi ", " é a minha ",
     " é o meu ", " é minha ", " é meu ", " est mon ", " est ma ", " ist mein", " è il mio", " è la mia", " is mijn ",
     " to mój ", " to moje ", " to moj ", " jest mój ", " adalah "),
    shared=True,
)


def _value_ok(value: str) -> bool:
    """A value before its word: 4 to 8 digits, or letters mixed with digits or symbols."""
    if value.isdigit():
        return 4 <= len(value) <= 8 and not (len(value) == 4 and value[:2] in ("19", "20"))
    has_alpha = any(c.isalpha() for c in value)
    return has_alpha and any(c.isdigit() or c in "!@#$%^&*_+?" for c in value.rstrip("?!"))


def _gap_and_verb(m: re.Match[str]) -> tuple[str, str]:
    if "gap_strong" in m.re.groupindex and m.group("gap_strong") is not None:
        return m.group("gap_strong"), ""
    if m.group("verb") is not None:
        return m.group("gap") or "", m.group("verb").strip()
    if m.group("verb2") is not None:
        return m.group("gap2") or "", m.group("verb2").strip()
    return m.group("gap0") or "", (m.group("verb0") or "").strip()


def _number_ok(text: str, m: re.Match[str]) -> bool:
    gap, _ = _gap_and_verb(m)
    if gap and _GAP_NOT.search(gap):
        return False
    value = m.group("digits")
    n_digits = sum(c.isdigit() for c in value)
    if not 4 <= n_digits <= 8:
        return False
    start, end = m.span("digits")
    if _BEFORE_NOT.search(text[max(0, start - 12) : start]) or _AFTER_NOT.match(text[end : end + 10]):
        return False
    return not (start > 0 and text[start - 1] in "£$€₹¥+")


def _key_ok(m: re.Match[str]) -> bool:
    gap, verb = _gap_and_verb(m)
    if gap and _GAP_NOT.search(gap):
        return False
    value = m.group("key").rstrip(".!?")
    if len(value) < 4 or _NOT_SECRET.fullmatch(value):
        return False
    has_digit = any(c.isdigit() for c in value)
    has_alpha = any(c.isalpha() for c in value)
    if m.group("gap_strong") is not None:
        # words then a value with no "is" between: never after a preposition or a device word
        # ("password for user jsmith88", "pin on my iPhone12")
        if _VERB_ONLY.fullmatch(gap.strip()):  # "salasana on Mustikka77": the word is the tie
            return has_alpha and has_digit
        return has_alpha and has_digit and _GAP_OBJECT.search(gap) is None
    if verb.lower() == "on":  # "salasana on Mustikka77", never "password on Monday"
        return has_alpha and has_digit
    if not has_alpha:
        digits = sum(c.isdigit() for c in value)
        # a recovery key in groups ("080448-647501-..."), or a PIN-like password after "is"
        # ("minha senha do cartão é 7781"), never an amount or a count ("is 8 characters")
        if digits >= 12 and set(value) <= set("0123456789- "):
            return True
        value = value.rstrip("#*")  # a keypad code ("1987#")
        end = m.start("key") + len(value)
        if verb.lower() == "to" and digits > 8:  # "code sent to 0612345678": a phone
            return False
        return bool(verb) and value.isdigit() and 4 <= digits <= 12 and not _AFTER_NOT.match(m.string[end : end + 10])
    # A secret mixes kinds of characters ("Marmotte74", "Wq7!pz3L", "X4TQ-9PLM"); a plain word
    # is a secret only right after "is" or a colon and when it does not read as prose ("Sunflower").
    if has_alpha and (has_digit or any(c in "!@#$%^&*_+?" for c in value)):
        return True
    return bool(verb) and not gap and value.isalpha() and len(value) >= 6 and not value.islower()


def _answer_span(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    window_end = m.end() + 90
    stop = re.search(r"[!?\n。！？]|\.(?:\s|$)", text[m.end() : window_end])
    if stop:
        window_end = m.end() + stop.start()
    for v in _ANSWER_VALUE.finditer(text, m.end(), window_end):
        if v.group("quoted"):
            if not _QUESTION_START.match(v.group("quoted").strip()) and len(v.group("quoted").split()) <= 4:
                return v.span("quoted")
        elif not _QUESTION_START.match(v.group("named")):
            return v.span("named")
    return None


def find_credentials(text: str, lower: str, has_digits: bool, folded: str | None = None) -> list[tuple[int, int]]:
    """Spans of the secrets written in `text` (`lower` is `text.lower()` and `has_digits` whether
    it holds a digit: the caller knows both already; so does `folded`, `fold(text)`, where given)."""
    folded = fold(text) if folded is None else folded
    spans: list[tuple[int, int]] = []
    if _R5_ANY.in_post(lower, folded) or has_digits and _R5_CODE_ANY.in_post(lower, folded):
        spans += round5_secrets(text, lower, has_digits, folded)
    if not _ANY_HINT.in_post(lower, folded):
        return spans
    if has_digits and _NUMBER_ANY.in_post(lower, folded):
        for m in _NUMERIC.finditer(text):
            if _number_ok(text, m):
                spans.append(m.span("digits"))
        for m in _BARE.finditer(text):
            window = text[max(0, m.start() - 60) : m.end() + 60]
            if _number_ok(text, m) and _SENT.search(window):
                spans.append(m.span("digits"))
    more = _MORE_ANY.in_post(lower, folded)
    if more and has_digits:
        spans += [m.span("digits") for m in _NUMERIC_MORE.finditer(text) if _number_ok(text, m)]
    if _WORD_ANY.in_post(lower, folded) or more:
        for m in (*_word_matches(text), *(_WORD_MORE.finditer(text) if more else ())):
            if _key_ok(m):
                start = m.start("key")
                spans.append((start, start + len(m.group("key").rstrip(".!?"))))
    if _PHRASE_HINTS.in_post(lower, folded):
        for m in _PHRASE.finditer(text):
            w = _PHRASE_WORDS.match(text, m.end())
            if w is None and (c := _PHRASE_COLON.match(text, m.end())) is not None:
                w = _PHRASE_WORDS.match(text, c.end())
            if w is not None:
                spans.append(w.span("words"))
    if _BEFORE_HINTS.in_post(lower, folded):
        for m in _BEFORE_LABEL.finditer(text):
            if _value_ok(m.group("value")):
                spans.append(m.span("value"))
    if _TOKEN_HINTS.in_post(lower, folded):
        spans += [m.span() for m in _TOKEN.finditer(text)]
    if _ANSWER_ANY.in_post(lower, folded):
        for m in _ANSWER.finditer(text):
            span = _answer_span(text, m)
            if span is not None:
                spans.append(span)
    return spans


# --- round 5 (train21): families a writer who never saw our rules used ------------------------
#: Code words of more languages and of keys, alarms and door entry ("Codul primit prin SMS e
#: 304 772", "ο κωδικός ... είναι 810 443", "kood 7 4 1 0 9 2", "disarm code 0606", "der Code
#: ist 2-9-0-4", "la clave del portal es 1 9 7 5"), for the two value shapes below.
_R5_CODE_LABEL = (
    r"(?:codul|codului|κωδικ[οό]ς|κωδικ[οό]|kood(?:i|il)?|koodi|k[óo]d(?:em|u)?|clave|code|codes|c[óo]digo|codice|"
    r"kod|kode|koden|pinkoden|pin-?koden|pin|pincode|pin-?kod|pin-?code|pin-?koodi|passcode|"
    r"(?:disarm|arming|alarm|entry|keypad|lockbox|key ?box|key ?safe|padlock|combination)(?: code| pin)?|"
    r"schl[üu]sselkasten|schl[üu]sselbox|schl[üu]sseltresor|zahlenschloss|kombination)"
)
#: A value read out digit by digit ("1 9 7 5", "2-9-0-4", "8-4-6-1"), one separator throughout:
#: how a secret is dictated, never how an order number or an amount is written.
_R5_ONE_BY_ONE = r"(?P<digits>\d(?P<sep>[ -])\d(?:(?P=sep)\d){2,7})(?![\w-]|[.,]\d)"
#: The same gap rules as the other numeric labels (`_tie`), with a digit-by-digit value.
_R5_SPELLED = re.compile(r"(?<![\w-])" + _R5_CODE_LABEL + _LABEL_END + _tie(2) + _R5_ONE_BY_ONE, re.I)
#: Gate: a digit, a separator, a digit, the separator, a digit.
_R5_SPELLED_GATE = re.compile(r"\d([ -])\d\1\d\1\d")
#: Words of a code in more languages, after which a grouped number counts when the post says it
#: was sent, as for a bare "code" (`_SENT`): "Codul primit prin SMS e 304 772".
_R5_BARE = re.compile(
    r"(?<![\w-])(?:codul|κωδικ[οό]ς|κωδικ[οό]|kood(?:i|il)?)" + _LABEL_END + _tie(2).replace("(?P<verb>", "(?P<verb>(?:e|ε)\\s+|").replace(
        "(?P<verb2>", "(?P<verb2>(?:e|ε)\\s+|"
    ) + _DIGITS,
    re.I,
)
#: The key of a lock, an alarm or a door with a plain number after it ("Disarm code 0606"):
#: naming the lock is enough, no "sent" needed.
_R5_LOCK = re.compile(
    r"(?<![\w-])(?:disarm|arming|alarm|entry|keypad|lockbox|key ?box|key ?safe|padlock|combination|gate|door)"
    r"(?: code| pin| combination)" + _LABEL_END + _tie(2) + _DIGITS,
    re.I,
)
#: A password word, then (up to ~100 characters on, one sentence break allowed) a verb of handing
#: it over and a value that mixes letters with digits or symbols: "asked for my password ... I
#: said blue-Tractor-88", "temporary password you gave me, Kq7#mPz2", "Passwort wissen. Ich hab's
#: ihm gesagt (Zugspitze#1987)", "mot de passe ... Je lui ai donné (Papillon_75!)", "senha ...
#: Falei: Flamengo81", "пароль ... був Sonechko2022", "Kodeord: Hyggelig2024!".
_R5_PASSWORD_WORD = (
    r"(?:password|passwort|passwd|mot de passe|contrase[ñn]a|senha|wachtwoord|kodeord(?:et)?|adgangskode(?:n)?|"
    r"passord(?:et)?|l[öo]senord(?:et)?|salasana|has[łl]o|heslo|geslo|lozink\w*|parol[aăe]\w*|jelsz[óo]\w*|"
    r"пароль|пароля|паролем|парол\w*|κωδικ[οό]ς πρόσβασης|şifre\w*|sifre\w*|kata ?sandi|kata laluan|"
    r"clave|palavra-passe|contrasenya)"
)
_R5_HANDED = (
    r"(?:said|say|told (?:him|her|them|you)|gave (?:him|her|them|you|me)|gave|you gave me|typed|entered|read out|"
    r"e-?mailed|mailed|texted|messaged|"
    r"shared|sent|wrote|is|was|it's|it was|"
    r"gesagt|gegeben|genannt|geschickt|verraten|ist|war|lautet|"
    r"donn[ée]|dit|envoy[ée]|[ée]crit|c['’]est|c['’]était|était|"
    r"dije|di|dicho|envi[ée]|era|es|fue|falei|disse|passei|informei|digitei|mandei|foi|é|è|"
    r"detto|dato|scritto|era|"
    r"gezegd|gegeven|was|is|"
    r"sagde|gav|sa|sagt|var|er|"
    r"powiedzia[łl]\w*|poda[łl]\w*|"
    r"був|була|було|был|была|было|сказал\w*|сказав|дал\w*|дав|это|це|є|"
    r"είπα|έδωσα|ήταν|είναι)"
)
_R5_PASSWORD = re.compile(r"(?<!\w)" + _R5_PASSWORD_WORD + r"(?![a-zA-Zà-ÿа-я])", re.I)
#: The verb of handing over, then the value (an object pronoun, a colon, a bracket or quote between).
_R5_HANDED_VALUE = re.compile(
    r"(?:(?<![\w])" + _R5_HANDED + r"(?![\w])|(?<=[\w\s]):)"
    r"[\s,:]*(?:(?:him|her|them|me|you|it|ihm|ihr|lui|le|la|lhe|hem|haar|ham|henne)\s*[,:]?\s*)?[\s(\"'“‘«:]*"
    r"(?P<key>[^\s\"'”’»),;，。！？]{6,40})",
    re.I,
)
#: A value that reads as a password: letters mixed with digits, at least one lower-case letter
#: (order and booking references are upper case), and no address or link.
_R5_KEY = re.compile(r"(?=.*[a-zà-ÿа-я])(?=.*\d)[^\s@/]{6,40}")

#: Gap words that make the value a name or a reference, not the password.
#: Words given in reply that are no answer to a security question ("I answered Yes to the prompt").
_R5_NOT_ANSWER = frozenset(
    ("yes", "no", "none", "nothing", "everything", "correctly", "wrong", "again", "that", "this", "it", "all", "ok",
     "okay", "sí", "si", "non", "oui", "ja", "nein", "nee", "sim", "não", "nao", "nada", "rien", "niente")
)  # fmt: skip
_R5_GAP_NOT = re.compile(
    r"\b(?:order|booking|reference|ref|ticket|invoice|tracking|user ?name|user ?id|login name|e-?mail|ssid|wifi name|"
    r"network name|model|version|pedido|commande|bestellung|bestelling|benutzername|usuario|utilisateur|gebruikersnaam)\b",
    re.I,
)
_R5_LOCK_ANY = AnyOf(
    ("disarm", "arming", "entry code", "alarm pin", "keypad pin", "lockbox", "lock box", "key box", "keybox", "key safe",
     "padlock", "combination"),
    shared=True,
)  # fmt: skip
_R5_PASSWORD_ANY = AnyOf(_R5_PASSWORD_HINTS, shared=True)
#: The answer to a security question given with a verb some words after the question ("Security
#: question is 'mother's maiden name'. I answered Kowalczyk", "me preguntan el nombre de mi primera
#: mascota. Puse 'Firulais'", "asked for the answer ... The answer is Biscuit").
_R5_QUESTION = re.compile(
    r"(?<![\w-])(?:security question|secret question|memorable (?:word|answer)|maiden name|"
    r"(?:first|childhood|favou?rite) (?:pet|dog|cat|school|car|teacher|street|friend)|pet'?s name|"
    r"(?:primera|primer) (?:mascota|escuela|colegio|coche|perro)|nombre de (?:mi|tu|su) (?:primera |primer )?(?:mascota|perro|gato|escuela|madre)|"
    r"pregunta (?:de seguridad|secreta)|sicherheitsfrage|erste[rsn]? (?:haustier|schule|auto)|question secr[èe]te|"
    r"premier (?:animal|chien|chat)|domanda (?:di sicurezza|segreta)|primo (?:animale|cane)|"
    r"pergunta (?:de segurança|secreta)|primeiro (?:animal|cachorro|cão)|beveiligingsvraag|veiligheidsvraag|"
    r"s[äa]kerhetsfr[åa]ga|sikkerhedssp[øo]rgsm[åa]l|sikkerhetssp[øo]rsm[åa]l|pytanie (?:pomocnicze|bezpiecze[ńn]stwa))",
    re.I,
)
_R5_ANSWER_GIVEN = re.compile(
    r"(?<![\w-])(?:(?:the|my) answer (?:is|was)|i answered|i (?:put|typed|entered|wrote)(?: in)?|answered(?: with)?|"
    r"puse|escrib[íi]|respond[íi](?: con)?|contest[ée](?: con)?|la respuesta es|mi respuesta es|"
    r"ich habe? (?:eingegeben|geantwortet)|antwortete(?: mit)?|die antwort (?:ist|war)|"
    r"j'ai (?:mis|tap[ée]|[ée]crit|r[ée]pondu)|la r[ée]ponse est|"
    r"ho (?:messo|scritto|risposto)|la risposta [èe]|"
    r"coloquei|escrevi|respondi|a resposta [ée]|"
    r"ik (?:heb )?(?:antwoordde|ingevuld|getypt)|het antwoord is|svarade|svaret (?:är|er)|svarte|"
    r"odpowiedzia[łl]\w*|wpisa[łl]\w*)"
    r"\s*:?\s*(?:(?<![\w])[\"'‘“«](?P<quoted>[^\"'’”»\n?]{2,30})[\"'’”»]|(?P<named>(?-i:[A-ZÀ-Ý])[\w-]{2,30}))",
    re.I,
)

_R5_QUESTION_ANY = AnyOf(_R5_QUESTION_HINTS, shared=True)
#: A JSON Web Token: three base64url parts, the first two starting "eyJ" (a JSON object).
_R5_JWT = re.compile(r"(?<![\w-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")
#: A recovery phrase typed further on than `_PHRASE_COLON` looks (past one sentence end: "asked for
#: my recovery phrase to 'resync'. I typed: oyster tunnel ...").
_R5_PHRASE_TAIL = re.compile(r"[^\n]{0,160}?[:=\-–—]\s*(?P<words>[a-z]{3,8}(?:[ ,]+[a-z]{3,8}){11,23})(?![a-z])")
#: Words of prose that no wallet word list run of twelve holds together.
_R5_PROSE = frozenset(
    ("the", "and", "for", "that", "with", "you", "your", "was", "were", "have", "has", "had", "they", "them", "this",
     "not", "but", "are", "from", "because", "would", "never", "then", "been", "our", "their", "there", "here", "who",
     "how", "why", "did", "does", "can", "will", "just", "into", "what", "which", "when", "she", "his", "her")
)  # fmt: skip



def _r5_phrase_ok(words: str) -> bool:
    return sum(w in _R5_PROSE for w in re.split(r"[ ,]+", words)) <= 1


def round5_secrets(text: str, lower: str, has_digits: bool, folded: str) -> list[tuple[int, int]]:
    """The round-5 families above; each behind its own words, so other posts pay one look-up."""
    spans: list[tuple[int, int]] = []
    if has_digits and _R5_SPELLED_GATE.search(text) is not None:
        spans += [m.span("digits") for m in _R5_SPELLED.finditer(text) if _number_ok(text, m)]
    if has_digits and ("codul" in lower or "κωδικ" in folded or "κωδικ" in lower or "kood" in lower):
        for m in _R5_BARE.finditer(text):
            window = text[max(0, m.start() - 60) : m.end() + 60]
            if _number_ok(text, m) and _SENT.search(window):
                spans.append(m.span("digits"))
    if has_digits and _R5_LOCK_ANY.in_post(lower, folded):
        spans += [m.span("digits") for m in _R5_LOCK.finditer(text) if _number_ok(text, m)]
    if _R5_PASSWORD_ANY.in_post(lower, folded):
        for pm in _R5_PASSWORD.finditer(text):
            # the first verb up to ~100 characters on whose value reads as a password
            pos, stop = pm.end(), min(len(text), pm.end() + 140)
            while (v := _R5_HANDED_VALUE.search(text, pos, stop)) is not None:
                pos = v.start() + 1  # the value may be the next verb ("es ihm gesagt (Bergsee#2019)")
                gap = text[pm.end() : v.start()]
                if len(gap) > 100 or "\n" in gap or "!" in gap or "?" in gap or gap.count(". ") > 1 or _R5_GAP_NOT.search(gap):
                    break
                key = v.group("key").rstrip(".!?:")
                if _R5_KEY.fullmatch(key):
                    spans.append((v.start("key"), v.start("key") + len(key)))
                    break
    if _R5_QUESTION_ANY.in_post(lower, folded):
        for q in _R5_QUESTION.finditer(text):
            for a in _R5_ANSWER_GIVEN.finditer(text, q.end(), min(len(text), q.end() + 160)):
                value = a.group("quoted") or a.group("named")
                if value and not _QUESTION_START.match(value) and len(value.split()) <= 3 and value.lower() not in _R5_NOT_ANSWER:
                    spans.append(a.span("quoted") if a.group("quoted") else a.span("named"))
                    break
    if "eyj" in lower:
        spans += [m.span() for m in _R5_JWT.finditer(text)]
    if _PHRASE_HINTS.in_post(lower, folded):
        for m in _PHRASE.finditer(text):
            w = _R5_PHRASE_TAIL.match(text, m.end())
            if w is not None and _r5_phrase_ok(w.group("words")):
                spans.append(w.span("words"))
    return spans
