"""Harm told with symptoms, consequences and hazards, in the desk's languages (the "safety" reason).

The first safety patterns of `escalation` know the rule's own words ("injury", "food poisoning",
"gas leak"). People more often tell what happened to the body or what followed: "vomiting all
night after your chicken", "ended up in A&E", "needed stitches", "came out in hives", "the CO
alarm went off", and in their own language ("nagkasakit ng tiyan", "Gomito fratturato", "έπαθε
έγκαυμα"). Three families, each told in many languages:

* symptoms and injuries: vomiting, diarrhoea, food poisoning, rashes and hives, swelling, burns,
  cuts that needed stitches, fractures, concussion, fainting, breathing trouble, poisoning,
  overdoses and the wrong medicine;
* consequences: hospital admission, A&E / ER / emergency room, ambulance, paramedics, poison
  control, a doctor or GP seen because of what happened;
* hazards: sparks, smoke, fire, gas smells and leaks, carbon monoxide, brakes that failed,
  glass or metal in food, a child that swallowed or choked on something.

`_HARM` holds the wordings that are harm by themselves. `_NEEDS_SOMEONE` holds the ones that
are also said as figures of speech or about other things ("sick of", "I work in a hospital",
"threw up my hands", "the machine swallowed my card"): they count only when the same sentence
tells it happening to someone (a person, a pronoun, a child, "my mum") or after using, eating
or taking something. A laugh in the same sentence ("lol", "😂") lets both off, as `_JOKE` does
for the first patterns. Both are gated by their own required literals (`Prefiltered`), so on
the many posts that hold none of their words the expressions never run.
"""

from __future__ import annotations

import re

from calmdesk.triage.prefilter import WordFamily
from calmdesk.triage.sentences import LAUGH, sentence_around

# --- 1. harm by itself ---------------------------------------------------------------------
#: Words of scripts with spaces and word boundaries (Latin, Greek, Cyrillic): matched as words.
_HARM_WORDS = (
    # en: consequences (hospital, A&E, ambulance, poison control, the doctor because of it)
    r"(?:rushed|taken|raced|sent|admitted|ended up|wound up|landed|had to go|went straight|blue[- ]lighted)"
    r"(?: \w+){0,2}? (?:to|in|into|at) (?:the |a |an )?(?:hospital|a ?& ?e|er|emergency(?: room| department)?|"
    r"icu|intensive care|urgent care|resus|paediatric ward|children'?s ward)\b|"
    r"(?:call(?:ed|ing)?|phon(?:ed|ing)|r[ai]ng|dial(?:l?ed|l?ing)|needed|get|got|wait(?:ed|ing) for) (?:an? |the )?"
    r"(?:ambulance|paramedics|999|911|poison control|poisons? (?:centre|center|line|helpline))\b|"
    r"(?:ambulance|paramedics?) (?:came|arrived|was called|were called|took|had to)|(?:in|by) (?:an |the )?ambulance\b|"
    r"poison control|poisons? (?:centre|center|helpline)|"
    r"(?:had|needed|have|need) to (?:go to|see|visit|call|take (?:him|her|them|my \w+|the (?:kids?|baby)) to) "
    r"(?:the |a |an |my |our |his |her )?(?:doctor|gp|dr|out of hours|urgent care|walk-in|er|a ?& ?e|hospital|emergency)\b|"
    r"(?:doctor|gp|paramedics?|nurse|consultant|a ?& ?e) (?:said|says|thinks|confirmed|diagnosed|told us)\b[^.!?\n]{0,50}?"
    r"\b(?:poison\w*|allerg\w*|burns?|fractur\w*|broken|infect\w*|concuss\w*|reaction|from (?:the|your|this))|"
    # en: symptoms and injuries told plainly
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|a few|a couple of) stitches|"
    r"(?:first|second|third|1st|2nd|3rd)[- ]degree burns?|"
    r"(?:covered|came out|broke out|breaking out|come out) in (?:hives|a rash|welts|blisters|red spots|bumps)|"
    r"(?:throat|tongue|lips?|face|eyes?) (?:\w+ )?(?:swelled|swole|closed|closing|tightened) (?:up|shut)|"
    r"(?:an|had an|having an|triggered (?:an|his|her|my|their)) asthma attack|"
    r"(?:used|use|needed|grab(?:bed)?) (?:his|her|my|their|our|an|the) epi-?pens?|"
    r"(?:fractured|cracked|shattered) (?:a|his|her|my|their|our|the) (?:\w+ )?(?:bone|wrist|arm|leg|ankle|foot|hip|"
    r"skull|rib|elbow|finger|toe|collarbone|jaw|vertebra|pelvis|shin|knee|cheekbone)|"
    r"(?:hairline )?fracture (?:in|to|of) (?:his|her|my|their|the) |"
    r"(?:arm|leg|wrist|ankle|foot|hand) (?:is |was |now )?in a (?:cast|sling)|(?:put|is|was) on a drip|tetanus (?:shot|jab)|"
    r"(?:shot|dose|jab) of (?:adrenaline|epinephrine)|"
    # en: after eating, drinking, taking or using it
    r"(?:after|since) (?:eating|drinking|having|taking|using|applying|wearing|swallowing|trying)\b[^.!?\n]{0,60}?"
    r"\b(?:(?<!sick of )(?:sick|ill)\b(?! of)|vomit\w*|threw up|throwing up|puk\w+|diarrh\w*|stomach (?:ache|pains?|cramps)|"
    r"cramps|rash\w*|hives|swollen|swelling|itch\w*|migraines?|dizz\w+|nause\w+|fever|burns?\b|blister\w*|"
    r"allergic|bleeding|couldn'?t breathe|wheez\w*)|"
    r"(?:vomit\w*|threw up|throwing up|puk(?:ed|ing)|diarrh\w*|stomach (?:ache|pains?|cramps)|rash|hives|swollen|"
    r"swelling|blister\w*|allergic reaction|(?:violently|really|so|very) (?:sick|ill))\b[^.!?\n]{0,40}?"
    r"\b(?:after|since|from) (?:eating|drinking|having|taking|using|applying|wearing|your|the|this|that|their)\b|"
    r"food[- ]poison\w*|"
    # en: hazards
    r"gas (?:smell|odou?r|leak\w*)|smel(?:l|led|lt|ling|ls) (?:of )?gas\b|"
    r"(?:bit|piece|shard|chunk|sliver|fragment|splinter)s? of (?:glass|metal|wire)\b|"
    r"bit into (?:a |an |some |something )(?:\w+ )?(?:hard|sharp|glass|metal|stone|bone|wire)|"
    r"(?:sparks|smoke|flames?) (?:came|coming|flew|flying|shot|shooting|pouring|billowing|started)\b|"
    # es/pt: symptoms, injuries, consequences, hazards
    r"intoxicaci[óo]n (?:alimentaria|alimenticia)|intoxica[çc][ãa]o alimentar|envenenamiento|envenenamento|"
    r"fractur(?:a|ado|ada|ó)\b|fratur(?:a|ou|ado|ada)\b|conmoci[óo]n cerebral|concuss[ãa]o|traumatismo craneal|"
    r"desmay(?:[óo]|ado|ada|arse)|desmai(?:ou|ado|ada|ar)|perdi[óo] el conocimiento|perdeu a consci[êe]ncia|"
    r"v[óo]mitos?|vomitando|vomit[óo]|vomitou|diarrea|diarreia|urticaria|urtic[áa]ria|ronchas|puntos de sutura|"
    r"pontos de sutura|levou (?:\d+ )?pontos|le pusieron puntos|ambulancia|ambul[âa]ncia|pronto[- ]socorro|"
    r"hospitalizad[oa]s?|(?:fue|foi|est[áa]|ficou) internad[oa]|(?:fuga|escape|olor) (?:de|a) gas|(?:vazamento|cheiro) de g[áa]s|"
    r"mon[óo]xido de carbono|(?:sal(?:e|i[óo]|[íi]a)|saliendo|sa(?:iu|indo)) (?:mucho |muita )?(?:humo|fuma[çc]a|chispas|fa[íi]scas)|"
    r"echa(?:ba|ndo)? chispas|incendio|inc[êe]ndio|(?:se )?prendi[óo] fuego|peg(?:ou|ando) fogo|"
    r"(?:los )?frenos? (?:no (?:funcion|respond|fren)\w*|fall(?:aron|[óo]))|freios? (?:n[ãa]o (?:funcion|respond)\w*|falh\w+)|"
    r"(?:se )?atragant[óo]|engasg(?:ou|ado|ada|ando)|"
    # fr
    r"a vomi|vomissements?|(?:il|elle|on|j'ai|nous avons) vomi\b|urticaire|points de suture|"
    r"commotion c[ée]r[ée]brale|(?:s'est|me suis|se sont) (?:[ée]vanoui|[ée]vanouie|[ée]vanouis)|perdu connaissance|"
    r"aux urgences|(?:le |les |au |des )?samu\b|pompiers|ambulance\b|hospitalis[ée]e?s?|empoisonnement|"
    r"(?:fuite|odeur) de gaz|ça sent le gaz|monoxyde de carbone|[ée]tincelles|de la fum[ée]e|incendie|"
    r"freins? (?:ont l[âa]ch[ée]|n'ont pas r[ée]pondu|ne (?:marchent|fonctionnent|r[ée]pondent) (?:plus|pas))|"
    r"s'est [ée]touff[ée]e?|(?:s'est|me suis) cass[ée]e? (?:le|la|les) |fractur[ée]e?\b|"
    # de
    r"erbrochen|(?:musste|mussten|hat sich|habe mich|haben sich) (?:\w+ )?[üu]bergeben|brechdurchfall|"
    r"nesselsucht|quaddeln|hautausschlag|ausschlag (?:am|an|auf|im)\b|gehirnersch[üu]tterung|(?:ist|war|wurde) ohnm[äa]chtig|bewusstlos|"
    r"gen[äa]ht werden|(?:mit )?(?:\d+|drei|vier|f[üu]nf|sechs) stichen|rettungswagen|krankenwagen|notarzt|"
    r"(?:ins|im) (?:kranken|spital|klinikum)\w*|eingeliefert|vergiftung|gasgeruch|gasleck|riecht\b[^.!?\n]{0,40}?\bnach gas|"
    r"kohlenmonoxid|co-melder|funkenflug|funken (?:spr[üu]h|flog|kam)\w*|rauch (?:kam|stieg|quoll)|(?:fing|hat) feuer|"
    r"in flammen|bremsen? (?:hat |haben )?(?:versagt|funktionier\w* nicht|fiel(?:en)? aus)|"
    r"(?:arm|bein|handgelenk|kn[öo]chel|fu[ßs]|finger|nase|rippe|schl[üu]sselbein)\w* (?:ist )?gebrochen|"
    # it
    r"(?:ha |ho |hanno |abbiamo )?vomitato|diarrea|orticaria|punti di sutura|commozione cerebrale|"
    r"(?:[èe] |sono )svenut[oaie]|perso i sensi|pronto soccorso|ambulanza|ricoverat[oaie]|avvelenamento|"
    r"intossicazione alimentare|fuga di gas|(?:odore|puzza) di gas|monossido di carbonio|(?:uscivano|escono|uscite) (?:delle )?scintille|scintille (?:dalla|dal|dalle|dai)\b|"
    r"(?:usciva|esce|uscito) (?:del )?fumo|(?:ha )?preso fuoco|incendio|freni? (?:non (?:funzion|ha|hanno)\w*|"
    r"(?:ha|hanno) ceduto)|si [èe] (?:strozzat|soffocat)[oa]|fratturat[oaie]|frattura\b|"
    r"(?:gomito|polso|braccio|gamba|caviglia|naso|costola|dito|piede)\b[^.!?\n]{0,15}?\b(?:rotto|fratturato|"
    r"slogato)|"
    # nl
    r"(?:heeft|hebben|moest|moesten) (?:\w+ )?overgegeven|gekotst|netelroos|huiduitslag|hersenschudding|"
    r"flauwgevallen|bewusteloos|gehecht (?:moeten )?worden|hechtingen|ambulance|eerste hulp|spoedeisende hulp|ziekenhuis opgenomen|"
    r"opgenomen in het ziekenhuis|voedselvergiftiging|vergiftiging|gaslucht|gaslek|ruik(?:en|t)? (?:ik |we |je )?gas|"
    r"koolmonoxide|co-melder|vonken|(?:kwam|komt) rook|vlam gevat|(?:vloog|stond|staat) in brand|remmen? (?:werk\w+|deden) (?:niet|het niet)|"
    r"verslikt|gebroken (?:arm|been|pols|enkel|neus|rib|sleutelbeen|vinger|teen|heup)|"
    r"(?:arm|been|pols|enkel|neus|rib|sleutelbeen|vinger) (?:is )?gebroken|brandwond\w*|"
    # pl
    r"wymiotowa\w*|wysypk\w*|pokrzywk\w*|wstrz[ąa][śs]nieni\w* m[óo]zgu|zemdla\w*|zemdla[łl]\w*|straci[łl]\w* przytomno[śs][ćc]|"
    r"nieprzytomn\w*|za[łl]o[żz]y\w* (?:\d+ )?szw\w*|karetk\w*|pogotowie ratunkowe|wezwa\w* pogotowie|zatruci\w*|wyciek gazu|"
    r"(?:zapach|czu[ćc]) gaz\w*|tlenek w[ęe]gla|czujnik czadu|czadem|iskr(?:y|zy|zenie|zy[łl]o)|dym (?:si[ęe] )?(?:wydobywa|le(?:ci|cia[łl])|"
    r"szed[łl]|z )\w*|po[żz]ar\w*|zapali[łl]\w* si[ęe]|hamulce? (?:nie dzia[łl]\w*|przesta[łl]\w*|pu[śs]ci[łl]\w*)|"
    r"zakrztusi[łl]\w*|z[łl]ama(?:[łl]\w* (?:sobie )?|n\w* )(?:r[ęe]k\w*|nog\w*|nadgarst\w*|nos|[żz]ebr\w*|obojczyk\w*)|oparzeni\w*|poparzy[łl]\w*|poparzon\w*|"
    # tr
    r"kustu|kusuyor|kusma(?:ya|s[ıi])?|ishal|kurdeşen|alerjik reaksiyon|beyin sars[ıi]nt[ıi]s[ıi]|bay[ıi]ld[ıi]|bay[ıi]lm[ıi]ş|"
    r"bilincini kaybetti|dikiş (?:at[ıi]ld[ıi]|att[ıi]lar)|\d+ dikiş|ambulans|acile|acil serviste?|hastaneye kald[ıi]r[ıi]ld[ıi]|"
    r"hastanelik|g[ıi]da zehirlenmesi|karbonmonoksit|k[ıi]v[ıi]lc[ıi]m|duman (?:ç[ıi]kt[ıi]|ç[ıi]k[ıi]yor|geliyor|ç[ıi]kmaya)|"
    r"fren(?:ler)?(?:i)? (?:tutmad[ıi]|patlad[ıi]|çal[ıi]şmad[ıi]|boşald[ıi])|(?:kol|bacağ|bile[ğk]|burn|kaburgas|di[şs])\w* k[ıi]r[ıi]l\w+|"
    # sv/da/no/fi
    r"kr[äa]ktes|kr[äa]ks|spydde|kastede op|kastet opp|hudutslag|n[äa]sselfeber|elveblest|hjernerystelse|"
    r"hj[äa]rnskakning|sv[äa]immade|besvimede|besvimte|medvetsl[öo]s|bevidstl[øo]s|bevisstl[øo]s|"
    r"ambulans(?:en)?|(?:på|till) akuten|akutmottagning\w*|skadestuen?|legevakt(?:en)?|"
    r"madforgiftning|matforgiftning|gasl[äa]ck\w*|gaslugt|gasslekkasje|kolmonoxid|kulilte|"
    r"kulmonoksid|gnistor|gnister|gnistre\w*|(?:tog|fattede|tok) (?:eld|ild|fyr)|bromsarna (?:slutade|fungerade inte|sl[äa]ppte)|bremsene (?:sviktet|virket ikke|svigtede)|"
    r"(?:satte|satt) (?:i halsen|fast i halsen)|brandsår|brannskade|"
    r"oksens\w*|ripuli|nokkosihottuma|ihottuma|aivotäräh\w*|pyörtyi|tajuton|tajuttomana|tikkej[äa]|ambulanssi|"
    r"p[äa]ivystyks\w*|ruokamyrkytys|myrkytys|kaasuvuoto|kaasun haju|hiilimonoksidi|kipinöi\w*|"
    r"savua (?:tuli|nousi|alkoi)|syttyi (?:palamaan|tuleen)|tulipalo|jarrut (?:eivät|pettivät)|tukehtu\w*|palovamm\w*|"
    r"murtuma|"
    # cs/ro/el/hu
    r"zvracel\w*|zvracen[íi]|pr[ůu]jem|vyr[áa]žk\w*|kop[řr]ivk\w*|ot[řr]es mozku|omdlel\w*|bezv[ěe]dom\w*|"
    r"sanitk\w*|z[áa]chrank\w*|pohotovost\w*|"
    r"z[áa]pach plynu|oxid uheln\w+|jiskr\w+|kou[řr] (?:[šs]el|vych[áa]zel|se valil)|po[žz][áa]r|brzdy? "
    r"(?:nefung\w*|selhal\w*|nebral\w*)|zlom(?:il\w* (?:si )?|en\w* )(?:ruk\w*|nohu?|z[áa]p[ěe]st[íi]|nos|k[ůu]st\w*)|pop[áa]len\w*|opa[řr]il\w*|"
    r"a vomitat|v[ăa]rs[ăa]turi|diaree|urticarie|comoți\w+ cerebral\w*|le[șs]inat|a le[șs]inat|"
    r"ambulan[țt]\w*|la urgen[țt]\w*|spitalizat\w*|toxiinfec[țt]i\w*|monoxid de carbon|sc[âa]ntei|"
    r"fum (?:ie[șs]ea|a ie[șs]it)|incendiu|fr[âa]n\w* (?:nu (?:au )?(?:mers|func[țt]ion)\w*|au cedat)|"
    r"a [îi]nghi[țt]it|s-a [îi]necat|fractur\w+|(?:m-am|s-a|și-a) (?:rupt|fracturat|tăiat|opărit)|"
    r"εμετ\w*|ξέρασ\w*|διάρροι\w*|κνίδωση|εξάνθημα|διάσειση|λιποθύμησ\w*|αναίσθητ\w*|ράμματα|ασθενοφόρο|"
    r"ΕΚΑΒ|στα επείγοντα|δηλητηρίασ\w*|διαρροή (?:αερίου|γκαζιού)|μυρίζει γκάζι|μονοξείδιο|σπίθες|"
    r"(?:έβγαζε|βγάζει|έβγαλε) καπνό|πήρε φωτιά|πυρκαγιά|φρένα (?:δεν|έπαψαν)|πνίγηκε|κάταγμα|"
    r"έσπασε (?:το|τον|τη|την) (?:χέρι|πόδι|καρπό|αστράγαλο|μύτη)|έγκαυμα|εγκαύματα|"
    r"h[áa]nyt|h[áa]ny[áa]s\w*|hasmen[ée]s\w*|csal[áa]nk[üu]t[ée]s|ki[üu]t[ée]s|agyr[áa]zk[óo]d[áa]s|el[áa]jult|"
    r"eszm[ée]letlen|ment[őo]k\b|ment[őo](?:t|vel|aut[óo])|s[üu]rg[őo]ss[ée]gi|"
    r"[ée]telm[ée]rgez[ée]s|m[ée]rgez[ée]s|g[áa]zsziv[áa]rg[áa]s|g[áa]zszag|sz[ée]n-?monoxid|szikr[áa]z\w*|"
    r"f[üu]st(?:[öo]l|[öo]t|j[öo]tt)\w*|kigyulladt|t[űu]z (?:[üu]t[öo]tt ki|keletkezett)|f[ée]kje? nem (?:m[űu]k[öo]d|fog)\w*|"
    r"f[ée]lrenyelt|fuldokl\w*|elt[öo]rt a (?:kar|l[áa]b|csukl[óo]|boka|orr|ujj|bord)\w*|csontt[öo]r[ée]s\w*|(?:kar|l[áa]b|csukl[óo]|boka|orr)t[öo]r[ée]s\w*|[ée]g[ée]si s[ée]r[üu]l\w*|"
    # ru/uk
    r"рвот\w*|вырвал\w*|стошнил\w*|понос\w*|диаре\w*|сыпь|крапивниц\w*|сотрясени\w* мозга|"
    r"потерял\w* сознани\w*|в обморок|без сознани\w*|наложили \w+ шв\w*|скор(?:ая|ую|ой) помощ\w*|вызвал\w* скорую|"
    r"госпитализ\w*|реанимаци\w*|травмпункт\w*|отравил\w*|отравлени\w*|утечк\w* газа|"
    r"запах газа|пахнет газом|угарн\w* газ\w*|искр(?:а|ы|ит|ил[аои]?|ят|ение)|(?:пош[её]л|ид[её]т|повалил) дым|задымил\w*|"
    r"пожар\w*|тормоз\w* (?:отказал\w*|не сработал\w*|не работа\w*)|подавил(?:ся|ась)|поперхнул\w*|"
    r"перелом\w*|сломал\w* (?:руку|ногу|запясть\w*|нос|реб\w+)|ож[оё]г\w*|обж[её]г\w*|обварил\w*|"
    r"блюва\w*|блював\w*|пронос\w*|висип(?:ка|ку|и)|кропив'?янк\w*|струс\w* мозку|знепритомн\w*|непритомн\w*|"
    r"швидк\w* допомог\w*|викликал\w* швидку|госпіталіз\w*|реанімаці\w*|отруї\w*|отруєнн\w*|витік газу|"
    r"запах газу|пахне газом|чадн\w* газ\w*|іскр(?:а|и|ить|ило|ять|іння)|(?:пішов|йде|валив) дим|задимі\w*|пожеж\w*|"
    r"гальм\w* (?:відмовил\w*|не спрацюва\w*|не працю\w*)|вдавив\w*|вдавил\w*|"
    r"злам\w* (?:руку|ногу|зап'?яст\w*|ніс|ребр\w*)|переломи?\b|опік\w*|обпік\w*|обпекл\w*|"
    # hi (romanised)/id/ms/tl/vi (Latin script)
    r"ulti(?:yan)? (?:ho|kar)\w*|loose motion\w*|dast (?:lag|ho)\w*|behosh|hospital (?:le ja|mein (?:admit|bharti)|"
    r"bharti)|admit karna pada|emergency (?:mein|le ja)\w*|gas (?:leak ho|ki smell|ki badboo)\w*|dhuan (?:nikal|aa)\w*|"
    r"chingari\w*|kaanch (?:ka|ke) (?:tukda|tukde)|haddi tut\w*|"
    r"muntah\w*|mencret|diare\b|gatal-gatal|bentol-bentol|biduran|pingsan|tidak sadarkan diri|dijahit|jahitan|"
    r"ambulans|(?:ke|di) (?:ugd|igd)\b|(?:masuk|dilarikan ke|dirawat di) rumah sakit|dirawat inap|keracunan makanan|"
    r"kebocoran gas|bocor gas|karbon monoksida|percikan api|(?:keluar|mengeluarkan) asap|berasap|"
    r"rem(?:nya)? (?:blong|tidak berfungsi|tak berfungsi|gak makan|nggak makan)|tertelan|tersedak|"
    r"patah tulang|(?:tangan|kaki|lengan)(?:nya)? patah|luka bakar|melepuh|"
    r"nagsuka|nagsusuka|nagtatae|pagtatae|nagkasakit (?:ng )?tiyan|sumakit ang tiyan|nagkapantal|pantal-pantal|"
    r"nahimatay|nawalan ng malay|isinugod sa ospital|dinala sa (?:ospital|er)\b|"
    r"pagkalason|nalason|tagas ng gas|amoy gas|umuusok|may usok|nagkasunog|may sunog|walang preno|"
    r"(?:hindi|di) gumana ang preno|nabulunan|napaso|"
    r"nôn mửa|bị nôn|ói mửa|tiêu chảy|đau bụng|nổi mẩn|mẩn ngứa|ngất xỉu|bất tỉnh|khâu (?:\d+ )?mũi|xe cấp cứu|"
    r"cấp cứu|nhập viện|ngộ độc|rò rỉ (?:gas|khí)|mùi gas|khí co\b|tóe lửa|bốc khói|bốc cháy|cháy nổ|mất phanh|"
    r"phanh không ăn|hóc xương|gãy (?:tay|chân|xương)|bỏng (?:nặng|nước|tay|chân|da|mặt)|"
    # train19 round: harm told without the keyword. Stays on a ward, emergency numbers called
    r"(?:on|in) the (?:children'?s|kids'?|paediatric|pediatric|burns?) ward|auf der (?:inneren|intensiv\w*|kinderstation)|"
    r"(?:đang |phải )?nằm viện|appel[ée] (?:le )?(?:15|112|samu)|"
    # gas and burning smells: rotten eggs, burnt plastic, a smell after the regulator was changed
    r"nach faulen eiern|faule[- ]eier[- ]geruch|yan[ıi]k (?:plastik )?koku\w*|gaz koku\w*|"
    r"(?:regulator|cylinder|gas ?pipe|hob|stove|burner)\b[^.!?\n]{0,60}?\b(?:smell|badbu|odou?r|stink\w*)|"
    # scorched, swollen and melted devices
    r"bekas gosong|menggembung|meleleh|kapkara|k[ıi]v[ıi]lc[ıi]m|scorch(?:ed)? marks?|burn marks?|"
    r"(?:plug|charger|cable|socket|wire|lead|adapter|adaptor)\b[^.!?\n]{0,40}?\b(?:went|turned|gone|going) "
    r"(?:\w+ and )?(?:soft|brown|black)|"
    # machines that failed on someone: brakes to the floor, a jolt, a falling lift, a lid blown off
    r"(?:brakes?|pedal)\b[^.!?\n]{0,40}?\bwent (?:straight )?to the floor|"
    r"(?:gave|giving|gives) (?:me|him|her|my \w+|us) (?:a |an )?(?:jolt|electric shock|shock)|"
    r"(?:l['’]ascenseur|ascenseur) (?:\w+ ){0,4}?a (?:chut[ée]|d[ée]gringol[ée])|(?:lift|elevator) (?:\w+ ){0,4}?"
    r"(?:dropped|fell|plunged)|"
    r"(?:tapa|lid|deckel|couvercle|coperchio)\b[^.!?\n]{0,30}?\b(?:sali[óo] volando|flew off|blew off|explot[óo]|"
    r"a explos[ée]|ist explodiert|weggeflogen|saltato via)|"
    r"tappade styret|landade p[åa] ansiktet|framt[äa]nder|(?:knocked out|lost|broke|chipped) (?:\w+ )?(?:two |three |my |"
    r"her |his |a )?(?:front )?teeth|застрял\w* (?:\w+ ){0,3}?головой|en carne viva|"
    # symptoms: both ends, nothing kept down, eyelids swollen shut, fainting, racing heart
    r"up all night at both ends|can'?t keep (?:water|anything|food|fluids) down|eyelids? (?:\w+ )?(?:puffed|swelled|swollen)|"
    r"(?:scalp|skin) (?:is |was )?weeping|(?:put|on) (?:me|him|her) on steroids|nôn (?:và|,) sốt|"
    r"kopfweh und schwindel|schwindel und kopfweh|herzrasen|zasłab\w*|"
    # someone who may not be safe: not being around much longer, scared to open the door
    r"(?:won'?t|don'?t think i'?ll|do not think i will|not going to) be around (?:long enough|much longer|for much longer|"
    r"for long)|nothing (?:left )?to live for|scared to (?:open (?:my|the) door|go home|leave the house)|"
    # train20 round: injuries told by their treatment or look (stitched at the ER in pl, a nail come off, blisters
    # and peeling skin, glass splinters and a cut lip, a bump on the head), near misses ("missed a woman by a couple
    # of feet", "nearly drove into the barrier"), chargers that melt or blow up, drivers asleep at the wheel, a door
    # open at speed, a pedal that sinks, a child pulled under, a pet dehydrated and burnt, numb limbs after treatment
    r"(?:szyt\w*|szwy|zszyt\w*) na sor|na sor(?:-ze|ze)\b|(?:nagel|nail|ongle|u[ñn]a|unha|unghia) (?:har |has |a )?"
    r"(?:lossnat|come off|came off|fallen off|arrach[ée]e?|se cay[óo]|caiu|si [èe] staccat\w*)|kl[äa]mde fingrarna|"
    r"(?:des |of |with )?(?:cloques|blisters|bolhas|ampollas|blasen|vesciche) (?:sur|on|en|em|auf|su) (?:les |the |my |"
    r"his |her |los |las |os |as |beiden |i |le )?(?:deux |both |dos |ambos |beide\w* )?\w+|peau qui part en lambeaux|"
    r"skin (?:peeling|coming) off in|(?:raw|weeping|oozing),? (?:and )?(?:raw|weeping|oozing|red) (?:patches|sores|skin)|"
    r"(?:осколк\w*|уламк\w*|glass (?:shards|splinters)|shards of glass|cristales|cacos de vidro|éclats de verre|"
    r"glassplitter|schegge di vetro)\b[^.!?\n]{0,60}?\b(?:порезал\w*|поріза\w*|кровь|кров|cut|bleeding|blood|sangr\w*|"
    r"sangue|saign\w*|blut\w*|coupé\w*|cortó|cortou|tagliat\w*)|кровь (?:еле|едва|не могли) останов\w*|"
    r"bernoccolo|(?:huge|big|massive|enorme) (?:bump|lump|egg) on (?:his|her|my|the) (?:head|forehead)|chich[ôo]n|galo na testa|"
    r"beule am kopf|bosse sur le front|"
    r"missed (?:a|an|the|my|her|him|this|some) (?:\w+ )?(?:woman|man|child|kid|person|lady|pedestrian|customer|boy|girl|"
    r"baby|pram|buggy)\b[^.!?\n]{0,20}?\bby (?:a |an |inches|centimetres|centimeters|a couple|a few|\d|one|two|a foot|"
    r"a hair)|(?:plank|beam|panel|tile|sign|pole|scaffold\w*|brick|railing)\b[^.!?\n]{0,30}?\b(?:came down|fell|crashed "
    r"down|came crashing|collapsed)\b[^.!?\n]{0,40}?\b(?:pavement|sidewalk|people|queue|customers|children|kids|street)|"
    r"(?:prongs|plug|pins|socket|cable|wire)s? (?:were |was |got )?"
    r"(?:half |partly |all )?(?:melted|scorched|blackened|charred)|(?:got|gets|was|is) so hot (?:it|that)|"
    r"natunaw|lumabas na usok|(?:muntik|halos) (?:nang |na )?(?:magliyab|masunog|mabangga|mahulog|malunod)|"
    r"התפוצץ|התפוצצה|מכה חשמלית|סימני פיח|"
    r"ng[ủu] g[ậa]t|su[ýy]t (?:lao|t[ôo]ng|đâm|ng[ãa]|b[ịi])|fell asleep (?:at|behind) the wheel|"
    r"(?:se )?(?:dorm[íi]a|durmi[óo]) al volante|dormindo ao volante|s['’]endormait au volant|"
    r"(?:puerta|door|porta|porte|t[üu]r) (?:\w+ )?(?:abierta|open|aberta|ouverte|offen)\b[^.!?\n]{0,40}?\b(?:a toda "
    r"velocidad|at (?:full )?speed|em alta velocidade|[àa] toute vitesse|bei voller fahrt)|(?:sali[óo]|salieron) "
    r"volando|"
    r"(?:pedal|brake pedal) (?:sank|went|dropped|sinks) (?:to|through) the floor|(?:i['’]?m|i am) still shaking|"
    r"(?:pulled|dragged|sucked) (?:into|under|down)\b[^.!?\n]{0,20}?\b(?:drain|water|pool)|went under\b[^.!?\n]{0,40}?\b"
    r"(?:yank|pull|drag|grab|fish)\w*|(?:had to|needed to) (?:yank|pull|drag|fish) (?:her|him|them|my \w+) out|"
    r"(?:vet|veterinarian|vétérinaire|tierarzt|veterinario|veterinário|dierenarts) (?:found|said|says|thinks|diagnosed|"
    r"a trouvé|hat|ha trovato|encontró|encontrou)\b[^.!?\n]{0,60}?\b(?:burn\w*|wound|dehydrat\w*|infect\w*|fractur\w*|"
    r"poison\w*|injur\w*)|(?:she|he|they)['’]?(?:s| is| are| was) on (?:fluids|a drip|antibiotics)|"
    r"(?:keeps|keep|kept) going numb|(?:can['’]?t|cannot|couldn['’]?t) (?:turn|move|lift|feel) my (?:head|neck|arm|leg|"
    r"hand|fingers?)|"
    r"secou[ée] (?:tout )?(?:le|mon) bras|(?:des )?fourmis dans les doigts|d[ée]charge [ée]lectrique|"
    r"quelqu['’]un va finir par y rester|someone(?:['’]s| is) going to (?:get killed|die|be killed)|"
    r"(?:gas |gasnya |selang )?bocor\b[^.!?\n]{0,60}?\b(?:bau\w*|menyengat|api|kompor)|takut menyalakan"
)
#: Words of scripts without spaces or with clitics glued on (ja, ko, zh, ar, he, th): matched anywhere.
_HARM_GLUED = (
    # ja
    r"嘔吐|吐き気|下痢|食中毒|じんましん|蕁麻疹|発疹|腫れ(?:た|て|上が)|やけど|火傷|骨折|脳震盪|気絶|失神|意識(?:が|を)(?:な|失)|"
    r"縫合|針縫|救急車|救急外来|救急搬送|搬送され|入院|病院に(?:運|行|連れ)|ガス漏れ|ガス臭|一酸化炭素|火花|煙が(?:出|上)|"
    r"発火|発煙|火事|火災|燃え(?:た|出)|ブレーキが(?:効か|きか)|誤飲|飲み込んでしまった|喉に詰ま|ガラス片|ガラスの破片|"
    r"怪我|けがを|"
    # ko
    r"구토|토했|설사|식중독|두드러기|발진|부었|화상|골절|뇌진탕|기절|실신|의식을 잃|꿰맸|봉합|구급차|응급실|입원|"
    r"가스 ?누출|가스 ?냄새|일산화탄소|스파크|연기가 (?:나|났)|불이 (?:났|붙)|화재|브레이크가 (?:안|고장)|삼켰|삼킨|"
    r"목에 걸려|질식|유리 ?조각|다쳤|부상|"
    # zh
    r"呕吐|腹泻|拉肚子|食物中毒|荨麻疹|过敏反应|過敏反應|红疹|烫伤|燙傷|烧伤|燒傷|骨折|脑震荡|腦震盪|晕倒|暈倒|昏迷|"
    r"缝了|縫了|缝针|縫針|救护车|救護車|急诊|急診|住院|送医|送醫|煤气泄漏|燃气泄漏|煤氣洩漏|瓦斯外洩|一氧化碳|"
    r"冒火花|冒烟|冒煙|起火|着火|著火|火灾|火災|刹车失灵|剎車失靈|误吞|誤吞|吞下|噎住|玻璃碴|玻璃渣|受伤|受傷|"
    # ar
    r"استفراغ|ترجيع|يستفرغ|تقيؤ|تقيأ|اسهال|إسهال|تسمم|حساسية شديدة|طفح جلدي|انتفخ|تورم|حروق|انحرق|احترق|"
    r"انكسرت? (?:يده|رجله|يدها|رجلها|ايده|ايدها)|ارتجاج|اغمى عليه|أغمي عليه|اغمي عليها|أغمي عليها|فقد الوعي|"
    r"الإسعاف|الاسعاف|إسعاف|اسعاف|الطوارئ|طوارئ|تسرب (?:ال)?غاز|ريحة (?:ال)?غاز|رائحة (?:ال)?غاز|"
    r"أول أكسيد الكربون|شرارة|شرر|(?:طلع|يطلع|خرج|يخرج) (?:منه )?دخان|حريق|اشتعل|ولعت|الفرامل (?:ما|لم|فشلت|خربت)|اختنق|"
    r"قطعة زجاج|قطع زجاج|انجرح|انجرحت|إصابة|اصابة|اصيب|أصيب|"
    # he
    r"הקאות|הקיא|הקיאה|שלשול|הרעלת מזון|הרעלה|פריחה|סרפדת|התנפח|נפיחות|כוויה|כוויות|נכווה|נכוותה|שבר ב|"
    r"זעזוע מוח|התעלף|התעלפה|איבד הכרה|איבדה הכרה|תפרים|אמבולנס|מד\"א|חדר מיון|לחדר המיון|בחדר המיון|למיון|אושפז|דליפת גז|"
    r"ריח של גז|פחמן חד|ניצוצות|יצא עשן|עשן (?:יצא|יוצא|עלה)|שריפה|עלה באש|הבלמים (?:לא|הפסיקו)|נחנק|נחנקה|שברי זכוכית|נפצע|נפצעה|"
    # th
    r"อาเจียน|ท้องเสีย|อาหารเป็นพิษ|ผื่น|ลมพิษ|บวม|แผลไฟไหม้|ไฟลวก|กระดูกหัก|หมดสติ|เป็นลม|เย็บแผล|รถพยาบาล|"
    r"ห้องฉุกเฉิน|แก๊สรั่ว|กลิ่นแก๊ส|ประกายไฟ|มีควัน|ควันออก|ควันขึ้น|ไฟไหม้|เบรกไม่อยู่|เบรกแตก|สำลัก|เศษแก้ว|บาดเจ็บ|"
    # train20 round: scalding water, blisters, dermatology visits (ja), vomiting and a drip (hi)
    r"熱湯が|水ぶくれ|皮膚科に通|उल्टी|दस्त|ड्रिप लगी|अस्पताल में भर्ती"
)

# --- 2. harm only when told as happening to someone --------------------------------------
_NEEDS_SOMEONE_WORDS = (
    r"threw up|throwing up|puk(?:ed|ing)|(?<!sick of )(?<!sick and tired of )(?:sick|ill)\b(?! of\b)(?! and tired)|"
    r"stomach (?:ache|pains?|cramps|bug|upset)|upset stomach|rash\b|hives|swollen|swell(?:ed|ing) up|"
    r"blacked out|collapsed|passed out|wheez(?:ing|ed)|fever|high temperature|"
    r"(?:the |a |an )?(?:doctor|gp|hospital|urgent care|walk-in (?:centre|center|clinic)|emergency department)\b|"
    r"swallow(?:ed|ing)|chok(?:ed|ing)|"
    r"se (?:trag[óoa]|tragado|comi[óo])|(?:tragó|engoliu|engoliram|engolido|aval[ée])|hospital\b|hôpital|ospedale|"
    r"krankenhaus|ziekenhuis|szpital\w*|hastane\w*|больниц\w*|лікарн\w*|rumah sakit|ospital|b[ệe]nh vi[ệe]n|"
    r"se (?:puso|pusieron|sinti[óo]) (?:muy )?mal|(?:pass[oa]u|ficou|ficaram) mal|stomaco|barriga|ventre|bauchschmerzen|"
    r"mal di pancia|buikpijn|b[óo]l brzucha|kar[ıi]n ağr[ıi]s[ıi]|bolest břicha|dureri de burtă|πόνος στην κοιλιά|"
    r"hasfájás|болит живот|боліт\w* живіт|sakit perut|masakit ang tiyan|pantal|sakit|"
    r"a aval[ée]|verschluck\w*|(?:ha )?ingoiato|ingeslikt|po[łl]kn[ąa]?[łl]\w*|yuttu|boğul\w+|svalde|slugte|svelget|"
    r"nielaisi|spolkl\w*|lenyelt\w*|проглотил\w*|проковтну\w*|ковтнув\w*|menelan|nalunok|nuốt phải|κατάπιε|"
    r"nemocnic\w*|sjukhus\w*|sygehus\w*|sykehus\w*|sairaala\w*|spitalul|νοσοκομείο|k[óo]rh[áa]z\w*|в больниц\w*"
)
_NEEDS_SOMEONE_GLUED = r"病院|병원|医院|醫院|مستشفى|المستشفى|בית חולים|בית החולים|吐いた|토하|ابتلع|بلع|โรงพยาบาล|กลืน"

#: Someone it happens to: a pronoun, a person, a child, someone close; or the act of using it.
_SOMEONE = re.compile(
    r"\b(?:i|i'?ve|i'?m|we|we'?ve|he|she|they|me|us|him|her|them|my|our|his|their|everyone|everybody|"
    r"(?:my|our|his|her|the) (?:son|daughter|baby|kids?|child(?:ren)?|toddler|boy|girl|mum|mom|dad|mother|father|"
    r"wife|husband|partner|nan|gran\w*|brother|sister|friend|family|parents?|grandson|granddaughter|dog|cat)|"
    r"after (?:eating|drinking|having|taking|using|wearing|applying)|"
    r"mi|mis|hij[oa]s?|beb[ée]|niñ[oa]s?|madre|padre|mam[áa]|pap[áa]|abuel[oa]|esposa|marido|"
    r"meu|minha|filh[oa]s?|m[ãa]e|pai|av[óo]|mon|ma|mes|fils|fille|enfant|m[èe]re|p[èe]re|mein\w*|sohn|tochter|kind\w*|"
    r"mutter|vater|il mio|la mia|mio|mia|figli[oa]|bambin[oa]|mamma|pap[àa]|mijn|zoon|dochter|moeder|vader|"
    r"m[óo]j\w*|syn|c[óo]rk\w*|dziecko|mama|tata|o[ğg]lum|k[ıi]z[ıi]m|annem|babam|[çc]ocu[ğg]\w*|bebe[ğg]\w*|"
    r"anak(?:ku| saya)?|ibu|ayah|suami|istri|saya|aku|anak ko|nanay|tatay|asawa|ko|con t[ôo]i|con|m[ẹe]|b[ốo]|"
    r"t[ôo]i|mujhe|mera|meri|beta|beti|bachch\w*|ammi|papa|мой|моя|мо[её]|сын|дочь|реб[её]н\w*|мама|папа|"
    r"мій|моя|син|донька|дитин\w*)\b|"
    r"母|父|息子|娘|子ども|子供|赤ちゃん|私|僕|아들|딸|아이|아기|엄마|아빠|제가|저는|我|儿子|女儿|孩子|宝宝|妈妈|爸爸|"
    r"ابني|بنتي|ابنتي|طفلي|أمي|امي|أبوي|ابوي|زوجي|زوجتي|הבן שלי|הבת שלי|הילד|אמא|אבא|ลูก|แม่|พ่อ|ฉัน",
    re.I,
)
#: Where the word names a place of work, a bill or a car park, or a figure of speech, not harm.
_NOT_HARM = re.compile(
    r"\b(?:work(?:s|ed|ing)? (?:in|at|for) (?:a|the|an) (?:\w+ )?(?:hospital|gp|surgery|clinic)|"
    r"work(?:s|ed|ing)? (?:on|in) (?:a|the) (?:\w+['’]?s? )?ward|"
    r"(?:hospital|gp|doctor'?s?|clinic|surgery) (?:parking|car ?park|food|canteen|caf[eé]|shop|wi-?fi|bills?|billing|"
    r"appointments?|jobs?|shifts?|radio|visit(?:ing)? hours|staff|receptionist|portal|app|website|letters?)|"
    r"(?:parking|car ?park) (?:at|near|by|outside) (?:the |a )?(?:hospital|gp|doctor)|"
    r"sick (?:of|and tired|beat|track|trick|burn|tune|song|view|car|ride|fit|kicks?|shot|moves?|drop|lyrics|deal|"
    r"price|design|bro|mate|af|asf)|ill (?:be|do|have|get|go|call|never|just|see|send|try|take|make|buy|need|pay)\b|"
    r"(?:choking|choked) (?:up|back)|swallow(?:ed|ing)? (?:my|the|your|its|their|our) (?:card|cards|coins?|money|"
    r"cash|ticket|pride|words?)|(?:card|coins?|money|cash|ticket)\b[^.!?\n]{0,20}?\bswallow\w*|"
    r"se (?:trag[óoa]|comi[óo]) (?:mi |la |el )?(?:tarjeta|dinero|monedas?|billete|saldo)|"
    r"engoliu (?:o |meu |minha |a )?(?:cart[ãa]o|dinheiro|moedas?)|aval[ée] (?:ma |mon |la |le )?(?:carte|argent|pi[èe]ces?|ticket)|"
    r"called in sick|(?:off|out) sick|sick (?:days?|leave|notes?|pay)|terminally ill|(?:gonna|going to|about to) be sick|"
    r"mentally ill|doctor who|spin doctor|dr\.? ?(?:pepper|dre|martens)|rash decision|hives? of activity|bee ?hives?)",
    re.I,
)
#: A laugh or a joke in the same sentence.


_HARM = WordFamily(_HARM_WORDS, _HARM_GLUED, re.I)
_NEEDS_SOMEONE = WordFamily(_NEEDS_SOMEONE_WORDS, _NEEDS_SOMEONE_GLUED, re.I)
#: Every pre-checked family the function below asks about: `escalation` reads which index
#: strings they own (a family asked about and left out of here would make its shortcut inexact).
GATES = (_HARM, _NEEDS_SOMEONE)


def harm(text: str, folded: str, gated: bool = True) -> re.Match[str] | None:
    """The first wording of harm in `text` that is neither a joke nor a figure of speech.

    `folded` is `prefilter.fold(text)`, which the gates scan; `gated=False` runs the
    expressions without their pre-checks (the tests compare the two).
    """
    strong = _HARM.finditer(text, folded) if gated else list(_HARM.pattern.finditer(text))
    weak = _NEEDS_SOMEONE.finditer(text, folded) if gated else list(_NEEDS_SOMEONE.pattern.finditer(text))
    for m in strong:
        sentence = sentence_around(text, m.start(), m.end())
        if not LAUGH.search(sentence) and not _NOT_HARM.search(sentence):
            return m
    for m in weak:
        sentence = sentence_around(text, m.start(), m.end())
        if LAUGH.search(sentence) or _NOT_HARM.search(sentence):
            continue
        rest = sentence.replace(m.group(), " ", 1)
        if _SOMEONE.search(rest) and _HARM_CONTEXT.search(rest):
            return m
    return None


#: A weak word also needs a second sign that something bad happened to the body.
_HARM_CONTEXT = re.compile(
    r"\b(?:after|since|from|because of|due to|all night|rushed|admitted|ambulance|paramedics|stomach|vomit\w*|"
    r"threw up|rash|hives|swollen|swelling|fever|allerg\w*|reaction|itch\w*|bleed\w*|breath\w*|dizzy|faint\w*|"
    r"collapsed|passed out|swallow\w*|chok\w*|tablet|pill|battery|batteries|magnet|coin|piece|bit|"
    r"después de|depois de|apr[èe]s|nach dem|nachdem|dopo|na het|po |sonra|setelah|habang|pagkatapos|sau khi|"
    r"comer|comi[óo]|comeu|mang[ée]|gegessen|mangiato|gegeten|zjad\w*|yedi\w*|makan|kumain|ăn|"
    r"pieza|pe[çc]a|pi[èe]ce|st[üu]ck|pezz\w*|stuk\w*|kawa[łl]\w*|par[çc]a|pila|bateria|magnes|"
    r"urgencias|ingresad\w*|internad\w*|admit\w*|dirawat|isinugod|nh[ậa]p vi[ệe]n)\b|"
    r"食べ|飲ん|먹|마시|吃|喝|أكل|شرب|אכל|กิน",
    re.I,
)
