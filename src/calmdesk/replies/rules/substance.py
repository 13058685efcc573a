"""What the reply does: R-NO-APOLOGY, R-NO-NEXT-STEP, R-IMPERSONAL, R-PHONE-BOUNCE, R-OVERPROMISE, R-ADMIT-FAULT.

The first three are absence rules (something a good reply must contain), so they report the
whole draft as their span; the others point at the phrase that went wrong.
"""

from __future__ import annotations

import re

from calmdesk.replies.model import Hit, ReplyContext
from calmdesk.replies.rules._patterns import SENTENCE_RE, any_match, family, find

# Apology or acknowledgement of the person's experience (R-NO-APOLOGY looks for its absence).
APOLOGY = family(
    [
        r"sorry|apologi[sz]e\w*|apolog(?:y|ies)|my bad|we regret|i regret|regrettable",
        r"(?:i|we) (?:totally |completely |fully |really |can )?(?:understand|get|see|hear)(?: you| how| why| that| your| this)",
        r"(?:that|this|it)(?:'s|’s| is| was|'d be| must be| must have been| sounds?| looks?)(?: \w+){0,2} (?:frustrating|annoying|disappointing|infuriating|maddening|stressful|upsetting|worrying|awful|horrible|terrible|not okay|not ok|not good enough|not acceptable|unacceptable|not right|not the experience|far from|a pain|a mess|rough|hard|scary|a letdown|let you down|no fun)",
        r"(?:not|isn't|wasn't|is not|was not) (?:the experience|what you (?:expected|deserve|paid for|should)|how (?:it|this|things) should)",
        r"(?:hate|sad|gutted|unhappy|upset|sorry) to (?:hear|read|see|learn)",
        r"(?:thanks|thank you|thx) (?:so much |a lot |very much )?for (?:letting us know|flagging|telling us|raising|reporting|pointing|bringing|your patience|bearing with|the heads[- ]up|sharing|waiting|the details|the photo|flagging this)",
        r"(?:let|letting) you down|(?:fell|fall|falls) short|(?:dropped|drop) the ball|(?:got|get) (?:this|it) wrong|missed the mark|(?:isn't|is not|wasn't|was not) good enough",
        r"(?:you|u) (?:shouldn't|should not|should never) have (?:to|had to)",
        r"(?:ouch|oh no|ugh)\b",
        # Acknowledgement with any subject: "four days without signal is a real pain", "six weeks is far too long".
        r"(?:is|was|'s|’s|sounds|must be|must have been|has been|'d be|’d be|would be) (?:\w+ ){0,2}?(?:a (?:real |proper |huge |massive )?(?:pain|hassle|nuisance|headache|worry|shock|letdown)|frustrating|annoying|disappointing|infuriating|maddening|stressful|upsetting|worrying|gutting|awful|horrible|terrible|(?:far|way|much) too long|not on(?! (?:us|our|me|my))|unacceptable)",
        # Conceding the point: "fair point", "you're right".
        r"(?:fair|good|valid) point|fair enough|point taken|(?:you(?:'re|’re| are)|you were) (?:absolutely |quite |completely |totally |so )?right|you have a (?:fair )?point",
        r"(?:es )?tut (?:mir|uns) (?:sehr |wirklich )?leid|entschuldig\w*|bedauer\w*|(?:das ist|klingt|ist) (?:\w+ )?ärgerlich|(?:ich|wir) verstehe?n?|danke,? dass (?:du|sie)",
    ]
)

# A concrete next step: what we will do, what we need, when we'll be back (R-NO-NEXT-STEP).
NEXT_STEP = family(
    [
        r"(?:i|we)(?:'ll|’ll| will| am going to| are going to|'m going to|’m going to|'re going to) (?:\w+ ){0,3}?(?:check|look|follow|get|come|send|arrange|ask|chase|sort|fix|contact|call|email|e-mail|write|update|reply|find|escalate|raise|review|investigate|track|trace|refund|replace|reship|dig|keep|make|set|book|pass|loop|message|dm|be back|take|push|reach|confirm|process|handle|see|speak|talk|share|organi[sz]e|work|stay|personally|open|start|flag|report|reset|unlock|ship|correct|credit|issue|have)",
        r"(?:i|we)(?:'m|’m| am|'re|’re| are|'ve|’ve| have) (?:now |already |just |currently )?(?:posting|monitoring|watching|keeping|checking|looking|following|chasing|escalating|escalated|asked|asking|raised|raising|flagged|flagging|passed|contacted|contacting|reviewing|investigating|tracking|tracing|arranging|arranged|sorting|on it|on this|onto it|digging|opened|opening|booked|booking|started|starting|sent|sending|put|putting|processing|processed|set up|reached out|reaching out|speaking|talking|working|taking|pulling|logged|"
        r"rebooked|rebooking|rescheduled|rescheduling|refunded|refunding|credited|crediting|reissued|reissuing|ordered|ordering|upgraded|upgrading|finding out|fixed|fixing|applied|moved|added|adding|updated|updating|requested|requesting|reported|reporting|alerted|notified|called|calling|emailed|emailing|messaged|replaced|replacing|reversed|reversing|unlocked|submitted|lodged|filed|chased|swapped|organi[sz]ed|organi[sz]ing|scheduled|scheduling|cancelled|cancelling)",
        # Offers the customer can accept: "shall I send you the options?", "I can put through a claim".
        r"(?:shall|should|can|may) (?:i|we) (?:\w+ )?(?:send|set|book|arrange|put|go ahead|do|move|switch|change|start|raise|process|refund|call|ring|email|look|check|swap|add|upgrade|cancel)",
        r"(?:the|our) (?:team|engineers?|devs?|developers|technicians?|crew) (?:are|is) (?:now |currently |already )?(?:fixing|working on|looking into|investigating|checking|on it)",
        r"would you like (?:me|us) to|do you want (?:me|us) to|(?:i'm|i’m|i am|we're|we’re|we are) happy to (?:\w+ )?(?:send|set|book|arrange|refund|swap|move|switch|help|call|look|check|put|change)",
        r"(?:i|we) can (?:\w+ ){0,2}?(?:move|switch|put through|arrange|send|book|set up|refund|offer|raise|upgrade|change|replace|credit|swap|reissue|rebook|waive|cancel) (?:you|it|this|the|a|an|your|that)",
        r"(?:i|we)(?:'ll|’ll| will| am going to| are going to|'m going to|’m going to|'re going to) (?!(?:never|not|always|be honest|admit)\b)\w+",
        r"(?:can|could|would) (?:you|u) (?:please |kindly |just )?(?:\w+ )?(?:post|give|confirm|tell|share|send|let|provide|check|try|reply|dm|message|forward|add|include|list)",
        r"(?:please|kindly) (?:\w+ )?(?:confirm|tell|share|give|provide|post|let|try|check|reply)",
        r"(?:what(?:'s|’s| is| are)|whats) (?:your|the)",
        r"(?:we|i) (?:need|would need|'d need) (?:your|the|a|an|to|it)",
        r"(?:is )?all (?:i|we) need",
        r"let me (?:\w+ )?(?:check|look|see|find|get|dig|ask|sort|fix|chase|follow|take|pull|confirm|review|escalate|speak|talk|have|arrange|reach|make)",
        r"(?:please|kindly|can you|could you|would you|feel free to|just|if you|when you) (?:\w+ ){0,2}?(?:send|dm|message|drop|share|pop|email|e-mail|reply|write|forward|attach|follow|tell|let)",
        r"(?:send|dm|message|drop|pop|shoot|slide into) (?:us|me)(?: \w+){0,3}? (?:a |an |your |the |over )?(?:dm|message|note|line|pm|private|details|order|email|e-mail)",
        # "sort it out together over DM", "tracking to follow by DM": an action, carried out in private.
        r"(?:sort|fix|look|pick|chase|check|follow|deal|go|work|help|send|share|come back|continue|take)(?: \w+){0,4}? (?:in|via|through|over|by) (?:a )?(?:dms?|direct messages?|private messages?|pms?|private|e-?mail|inbox)",
        # Done or arranged, in any voice: "a courier is booked for Thursday", "refund's on its way",
        # "dispatched this morning", "goes out on today's collection", "the manager will call you".
        r"(?:is|are|'s|’s|has been|have been) (?:now |already |all )?(?:booked|arranged|scheduled|packed|set aside|reserved|ordered|on (?:its|their|the) way|in the post|going out|being (?:sent|packed|posted|made|fixed|repaired))\b",
        r"(?:dispatched|posted|sent|shipped|booked|arranged|refunded|credited|cancell?ed|removed|re-?sent|reset) (?:this morning|today|tonight|yesterday|just now|for (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|the|\d))",
        r"(?:goes|go|going|ships|will ship|travels|travel|travelling) (?:out|with|in) (?:on|the|them|today|tomorrow|with|by)",
        r"(?:engineer|courier|driver|technician|manager|team|lead|specialist|inspector|\w+ team|[A-Z][a-z]+) (?:is|are) on (?:the|their|his|her) way|(?:will|'ll|’ll) (?:call|ring|phone|email|e-mail|message|visit|collect|contact|come out to|be in touch with) (?:you|to)\b",
        r"(?:i|we)(?:'ve|’ve| have) (?:\w+ ){0,3}?(?:emailed|sent|added|removed|credited|hidden|taken|told|re-?sent|set|put|restored|switched|blocked|frozen|paused)\b",
        r"(?:is|are) (?:\w+ ){0,2}?(?:kept|restored|safe|held|reserved) (?:for you|in your name|until)",
        # Someone of ours will act, in any voice: "Billing will review the payment today", "a refund will be issued".
        r"(?:will|'ll|’ll) (?:now )?(?:review|check|look into|be in touch|come back to you|get back to you|be issued|be sent|be refunded|be credited|be reissued|be rebooked|be replaced|be repaired|be collected|reply|contact|call|ring|process|fix|investigate|arrange|sort|issue|send|refund|replace|repair|collect|update)\b[^.!?]{0,40}?\b(?:today|tomorrow|tonight|this (?:morning|afternoon|evening|week)|by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|noon|\d)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|within)\b",
        r"(?:swapping|sending|posting|refunding|replacing|fixing|sorting|chasing|checking|booking|arranging|reissuing|crediting|resetting|restoring) (?:it|this|that|them|you|your \w+|the \w+)(?: \w+)? (?:now|today|right now|straight away|tonight)\b",
        r"(?:is|are|'s|’s) (?:being )?(?:posted|sent|dispatched|shipped|collected|refunded|packed) (?:today|tomorrow|tonight|this \w+|on \w+day)\b",
        r"(?:ich|wir) (?:habe|haben) (?:\w+ ){0,4}?(?:nachgefragt|veranlasst|erstattet|gebucht|geschickt|weitergegeben|gemeldet|eingeleitet|storniert|gutgeschrieben)|(?:melde|melden) (?:mich|uns)",
        r"(?:within|in the next|by|before|no later than|until) (?:the )?(?:\d+|one|two|three|four|24|48|an? (?:hour|day|week|minute|couple|few)|end of|tomorrow|today|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|noon|close|midday|this (?:afternoon|evening|morning)|\d{1,2}(?::\d{2})?\s?(?:am|pm|h|uhr))",
        # Our action in the passive, done or under way: "has been refunded to your card", "is being posted to you today".
        r"(?:has|have|is|are) (?:now |just |already )?(?:been|being) (?:refunded|posted|sent|cancell?ed|credited|reissued|rebooked|replaced|dispatched|issued|reversed)(?: (?:to|back to|on|onto|into) (?:you|your))?",
        r"(?:next step|what happens next|here's what|here is what|the plan is|from here)",
        # A DM invitation is a step when it says what for ("DM me and I'll ...", "DM us your order
        # number", "a DM with the booking reference"); "DM us." on its own is only a channel.
        r"(?:dm|pm|message|e-?mail|text|ping) (?:us|me)(?: \w+){0,2}? (?:with|and|so|your|the|about|if|when|to (?:\w+ )?(?:sort|fix|check|look|get|arrange|book)|for (?:a|the|your))\b|(?:a |an )?(?:dm|direct message|private message|pm) with",
        r"(?:reply|respond|answer) (?:here |below |to this )?with",
        r"so (?:that )?(?:i|we) can (?:help|check|sort|look|fix|find|arrange|match|trace|track|see|get|send|refund|replace)",
        r"(?:ich|wir) (?:werde|werden|kümmere|kümmern|melde|melden|prüfe|prüfen|schaue|schauen|kläre|klären|schicke|schicken|sende|senden|gebe|geben)",
        r"(?:schreib|schreiben sie|schick|schicken sie|sende|senden sie) (?:uns|mir)",
        r"(?:per|als|in einer) (?:dm|direktnachricht|privatnachricht|e-?mail)",
    ]
)

# A first-person human voice (R-IMPERSONAL).
FIRST_PERSON = re.compile(
    r"(?<![\w’'])(?:I|I'm|I’m|I've|I’ve|I'll|I’ll|I'd|I’d|me|my|mine|myself|ich|mir|mich|mein\w*)(?![\w’'])"
)
SIGNATURE = re.compile(
    r"(?:\^\s?[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’.-]{0,20}\b|(?:^|[\s(])[-–—~/]\s?(?!(?:The|Team|Customer|Customers|Support|Social|Care|Service|Services|Your|All|Our)\b)[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿß]+\b|[-–—~/]\s?[A-Z]{2,3}\s*$|"
    r"\b[A-Z][a-zäöüß]+ (?:from|at|von|vom|aus dem|here from) (?:the )?[A-Z\w]|"
    r"(?i:best|best wishes|all the best|thanks|thank you|many thanks|cheers|regards|kind regards|warmly|take care|speak soon|talk soon|viele grüße|grüße|lg|beste grüße|gruß),?\s+[A-Z][a-zäöüß]+\.?\s*$|"
    r"\b(?:this is|it's|it’s|ich bin|hier ist) [A-Z][a-zäöüß]+\b|"
    # a bare first name closing the draft after its last sentence: "... with? Ana"
    r"[.!?]\s+(?!(?:Thanks|Thank|Cheers|Sorry|Bye|Soon|Today|Tomorrow|Regards|Best|Please|Yes|No|Ok|Okay|Hi|Hello)\b)"
    r"[A-Z][a-zäöüß]{1,14}\.?\s*$)",
    re.M,
)

# R-PHONE-BOUNCE: sending the customer elsewhere instead of helping.
PHONE_BOUNCE = family(
    [
        r"(?:please |you (?:will |'ll )?(?:need|have|want|should|must|can) (?:to )?|best to |try to |kindly |just )?(?:call|phone|ring|dial|contact|telephone) (?!numbers?\b|you\b|u\b)(?:our|the|us on|us at|us via)? ?(?:\w+ ){0,3}?(?:hotline|helpline|help line|phone line|support line|service line|number|call cent(?:er|re)|freephone|switchboard|on \+?\d|at \+?\d|\+?\d{3,})",
        r"(?:call|phone|ring|dial) (?:\+?\d[\d\s-]{5,})",
        r"(?:you(?:'d|’d| would|'ll|’ll| will)?) (?:need|have) to (?:contact|call|ring|phone|email|e-mail|get in touch with|speak to|talk to|ask|go to|write to) them",
        r"(?:better|best) off (?:raising|taking|contacting|calling|ringing|asking|speaking|going|getting in touch)|(?:with|contact|call|ask|email|ring|phone) (?:them|the \w+) (?:\w+ )?yourself",
        r"(?:go|goes|are handled|is handled|are processed|is processed) (?:through|via|by) (?:the|your|a) (?:\w+ )?(?:retailer|seller|vendor|bank|courier|carrier|airline|provider|partner|manufacturer|agent|agency|platform|insurer)",
        r"(?:you(?:'ll|’ll|'d|’d| will| would)? (?:need|have|want|should|must|could|can|may) (?:to )?|please |best to |kindly |better to |try to |i'd suggest you |we suggest you |i recommend you )(?:contact|reach out to|get in touch with|speak (?:to|with)|talk (?:to|with)|write to|email|e-mail|go to|visit|take (?:it|this) up with|ask|raise (?:it|this) with|direct (?:your|this) \w+ to|turn to|check with) (?:the |our |your |a |an )?(?:\w+ ){0,2}?(?:department|dept|team|manufacturer|maker|courier|carrier|bank|store|shop|branch|retailer|seller|vendor|head office|headquarters|customer service|customer care|support|billing|complaints|legal|insurer|insurance|post office|airline|partner|provider|landlord|local \w+|service cent(?:er|re)|helpdesk|help desk|hotline|website|site|faq|help cent(?:er|re)|contact form|web form|online form|portal)",
        r"(?:visit|check|see|consult|go to|head (?:over )?to|refer to) (?:our |the )?(?:\w+ )?(?:faq|faqs|help cent(?:er|re)|help pages?|support (?:page|site|portal)|knowledge base|website|web ?form|contact form|online form|self-service)",
        r"(?:this|that|it)(?:'s not|’s not| is not| isn't| isn’t|’s not) (?:something|a matter|an issue|a question) (?:we|i|this team|our team) (?:can )?(?:handle|deal with|help with|cover|look after|are able to help with)",
        r"(?:we|i|this team|our team) (?:can't|cannot|can not|don't|do not|are unable to|am unable to) (?:help|assist|deal) (?:with|you with) (?:this|that|it|these) (?:here|on (?:twitter|x|social|this channel|social media))",
        r"(?:not|n't) (?:our|my|this) (?:department|team's (?:area|job)|area|responsibility here|remit)",
        r"(?:handled|dealt with|managed|taken care of) (?:by|through) (?:a |another |our |the )?(?:separate |different |other )?(?:\w+ )?(?:department|team|company|partner|hotline|courier|carrier)",
        r"(?:wenden sie sich|wende dich|rufen sie|ruf) (?:bitte )?(?:an|unsere|die|bei)",
        r"(?:our|the) (?:hotline|helpline|service line|phone line|call cent(?:er|re)) (?:is|on|at|can be reached)",
        r"(?:here(?:'s|’s| is| are)|try|use) (?:our|the) (?:\w+ )?(?:page|pages|form|portal|site|website|link|faq|guide|help cent(?:er|re))",
        # A claim to be opened elsewhere: "you'd need to open a claim with them directly".
        r"(?:you(?:'d|’d| would|'ll|’ll| will)? (?:need|have) to |please |best to |you can |you could |you should )(?:open|file|make|raise|submit|lodge|start|log|put in) (?:a |an |the )?(?:claim|complaint|case|ticket|dispute|request|report)(?: \w+)? (?:with|through|via|to) (?:them|the \w+|their|your \w+)",
        r"(?:with|contact|to|call|ask|email|e-mail|ring|phone) (?:them|the (?:courier|carrier|manufacturer|maker|seller|airline|bank|supplier|store|branch|retailer|hotel|airport|insurer|landlord|council|post office))(?: \w+){0,2}? directly",
        # Another team owns it: "home moves are looked after by our Moving Team", "give them a call".
        r"(?:looked after|covered|owned|run) by (?:a |another |our |the )?(?:separate |different |other |dedicated |specialist )?(?:\w+ ){0,2}?(?:department|team|company|partner|hotline|courier|carrier|office|desk|unit)",
        r"give (?:them|the \w+(?: team)?) a (?:call|ring|bell)|(?:best|better|easiest|quickest|fastest) (?:to|if you) (?:call|ring|phone|contact|email|get in touch with) (?:them|the)",
        r"(?:have|has|need|needs|must) to (?:go|be sent|be made|be submitted|be raised|come|be done) (?:through|via|to|by) (?:our|the|a) (?:\w+ )?(?:office|form|portal|hotline|helpline|website|site|line)",
        r"(?:please |you (?:can|could|should|will need to|'ll need to|need to) )?(?:write|email|e-mail|send (?:an email|a message|a letter)) (?:to )?(?:them at |the \w+ at )?[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
        r"(?:the )?(?:best|right|only) (?:people|person|team|place|ones?) to (?:help|ask|contact|speak to|talk to|deal with|sort)(?: \w+){0,3}? (?:is|are|would be|will be) (?!me\b|us\b|i\b)(?:the|your|their|a)",
        # Round five (test6): "it's really one for your GP surgery, so do speak to them".
        r"(?:it's|it’s|it is|that's|that’s|that is|this is) (?:really |more |probably )?(?:one|a matter|a question|something) for (?:your|the) (?!team\b|us\b)\w+(?: \w+)?|(?:so |please |do )(?:do )?(?:speak|talk) (?:to|with) them\b",
        r"(?:drop|send|shoot|fire off) (?:them|the \w+(?: team| office| desk)?) (?:an? )?(?:e-?mail|line|message|note)|(?:contact|call|ring|phone|email) them (?:on|at|via) (?:\+?\d|[\w.+-]+@)",
        r"(?:team|department|office|desk)s? (?:handle|handles|deal with|deals with|look after|looks after|take care of|takes care of) (?:that|this|it|these|those)\b(?! for you)",
        r"(?:not able to|unable to|can't|can’t|cannot) (?:help|assist) (?:you )?(?:with )?(?:\w+ ){0,2}?(?:on|over) here",
        r"(?:is|are) (?:handled|dealt with|looked after|managed|taken care of) by (?:the |our |a )?(?:\w+ ){0,2}?(?:desk|office|reception|branch|airline|airport|council|surgery|insurer|bank)\b",
        r"whose (?:contact )?(?:details|number|phone number|email|address) (?:are|is) on (?:the|their|your)",
    ]
)
# Inviting to a private channel of the brand is B-HANDOFF, not a bounce.
_PRIVATE_OK = re.compile(r"\b(?:dm|direct message|private message|pm|inbox|messages)\b", re.I)

# R-OVERPROMISE: promising an unapproved outcome or deadline.
OVERPROMISE = family(
    [
        r"guarantee[ds]?|guaranteeing|100\s?%|hundred percent|garantiert|versprochen",
        r"(?:i|we) (?:can )?(?:promise|assure you|swear|pledge)(?!\s+(?:to (?:look|check|keep you|update|follow)))",
        r"(?:it|this|that|your \w+|the \w+|they|he|she|a (?:replacement|new \w+)|everything)(?:'ll|’ll| will| is going to|'s going to)(?: \w+)? (?:definitely |certainly |surely |absolutely |for sure |100% )?(?:be )?(?:arrive|reach you|get to you|be (?:with you|there|delivered|fixed|resolved|sorted|refunded|back|working|restored|replaced|shipped|credited|repaired|back online|up and running)|land|turn up|show up|ship|work again|come back)(?:[^.!?]{0,20}?(?:today|tomorrow|tonight|by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend|end of|noon|\d)|within (?:the hour|\d+|an? \w+)|in (?:\d+|an?|two|three) (?:hours?|days?|minutes?)|first thing|this (?:week|afternoon|evening)|for sure|no matter what))",
        r"(?:definitely|certainly|surely|absolutely|for sure) (?:be )?(?:arrive|delivered|fixed|resolved|sorted|refunded|replaced|shipped|credited|repaired)",
        r"(?:full|complete|total|100%|instant|immediate)(?: \w+)? (?:refund|reimbursement|compensation|credit)(?: \w+)? (?:today|tomorrow|right away|immediately|straight away|now|tonight|within|by|is on its way|has been approved|guaranteed)",
        r"(?:we|i)(?:'ll|’ll| will| are going to|'m going to| am going to) (?:\w+ )?(?:refund|reimburse|compensate|pay) (?:you|the|your|it)(?: \w+)? (?:in full|fully|completely|everything|every (?:cent|penny)|double|twice)",
        r"(?:you(?:'ll|’ll| will)|you are going to) (?:definitely |certainly )?(?:have|get|receive|see) (?:your|the|a|it)(?: \w+){0,3}? (?:today|tomorrow|tonight|by (?:monday|tuesday|wednesday|thursday|friday|the weekend|end of|\d)|within (?:the hour|\d+|an? \w+)|in (?:\d+|an?|two|three) (?:hours?|days?)|first thing)",
        r"(?:this|it|that)(?:'ll|’ll| will) (?:never|not) happen again|(?:never|won't|will not) happen again",
        r"(?:no matter what|whatever it takes|no questions asked|no ifs or buts)",
        r"(?:i|we)(?:'ll|’ll| will) make (?:sure|certain) (?:that )?you (?:get|receive|have|see)(?: \w+){0,6}? (?:today|tonight|tomorrow|by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend|end of|noon|tonight|\d)|within)",
        r"(?:we|i)(?:'ll|’ll| will) (?:definitely|certainly|surely|absolutely|for sure) (?:have|get|send|deliver|fix|sort|refund|replace|credit)(?: \w+){0,4}? (?:today|tomorrow|tonight|by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend|end of|noon|\d)|within|first thing)",
        r"(?:at your door|on your doorstep|in your hands|in your account|back in your account) (?:by|before|first thing) (?:tomorrow|tonight|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend|noon|\d)",
        r"[,.!]\s*(?:i |we )?promise(?=\s*[.!]|\s*\^|\s*$)",
        # Certainty about an outcome: "it'll definitely be with you", "you have my word".
        r"\w+(?:'ll|’ll| will) (?:definitely|certainly|surely|absolutely|for sure|100%) (?:be (?:with you|there|working|sorted|resolved|fixed|delivered|refunded|on its way|found|restored|replaced|repaired|approved|credited)|arrive|reach you|get to you|come back)",
        r"you have my word|(?:i|we) give you (?:my|our) word|(?:my|our) word on (?:it|that)|take my word for it",
        # Money back by a date: "every penny back to you by Friday".
        r"(?:money|refund|penny|pennies|cent|pound|charges?|fees?|amount|it all|everything|cash) back (?:to you |in your account |into your account |on your card )?(?:by|before|within|today|tomorrow|tonight)|every (?:single )?(?:penny|cent|pound|euro|dollar)(?: of (?:the |your |it)?\S+)? back|(?:refund|repay|return|pay back|give back) (?:you )?every (?:single )?(?:penny|cent|pound|euro|dollar)",
        # A fix or delivery stated as fact with a date: "the fix ships tonight".
        r"(?:fix|update|patch|release|repair|replacement|refund|engineer|new version)(?:es)? (?:ships|goes live|lands|arrives|is coming|comes out|will ship|will land|will arrive|will go live|will be (?:out|live|here|with you)) (?:tonight|today|tomorrow|this (?:week|afternoon|evening)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))",
        # An outcome stated as certain for the customer: "you are certain to receive the full compensation".
        r"(?:you(?:'re|’re| are)|you(?:'ll|’ll| will) be) (?:certain|bound|guaranteed|assured) to (?:get|receive|be (?:paid|refunded|compensated))",
        # Recovery promised: "all your data will come back", "your bag will be found".
        r"(?:your|the) (?:data|files|photos|history|progress|account|points|bags?|luggage|suitcase)(?: \w+){0,2}? will (?:all )?(?:come back|be (?:back|restored|returned|recovered|refunded|found|reinstated))",
        # Outcomes we cannot yet give: "I'll get you on a flight tomorrow", "I'll have it fixed by tonight".
        r"(?:i|we)(?:'ll|’ll| will) (?:get|have|put) (?:you|them|your \w+|the \w+)(?: all| both)? (?:on|onto|into) (?:a|the|an|another|an earlier) (?:\w+ )?(?:flight|train|bus|room|hotel|ferry|plane)",
        r"(?:i|we)(?:'ll|’ll| will) (?:get|have) (?:it|this|that|your \w+|everything|the \w+) (?:fixed|repaired|delivered|refunded|replaced|credited|working|back(?: up| online)?) (?:today|tomorrow|tonight|by |within |before |first thing)",
        r"(?:and|which|so it|so they|that) (?:will|'ll|’ll) (?:definitely |certainly )?(?:be (?:with you|delivered|there|fixed|resolved|refunded|back)|arrive|reach you|land)[^.!?]{0,20}?(?:today|tomorrow|tonight|by |within |before |first thing|this (?:week|afternoon|evening))",
        r"there(?:'ll|’ll| will) be no (?:further|more) \w+|(?:can|could) (?:confirm|assure you|guarantee) (?:that )?(?:there|it|this|you|your \w+|the \w+)(?:'ll|’ll| will| won't| won’t| will not)",
        # Compensation nobody approved: "we'll cover all the damage".
        r"(?:we|i)(?:'ll|’ll| will) (?:cover|pay for|reimburse|refund) (?:all|every|the whole|the entire|everything)",
        # Round five (test6): "is definitely coming back to you tomorrow", "without fail", "whatever happens".
        r"(?:is|are|'s|’s|'re|’re) (?:definitely|certainly|surely|absolutely|100%) (?:coming|arriving|getting|going to (?:arrive|reach|be))(?: \w+){0,4}? (?:today|tomorrow|tonight|by|within|before|first thing|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))",
        r"without fail|whatever happens|come what may|no question(?:s)? about it|(?:, )?no question\b|(?:i|we) (?:can )?(?:absolutely )?(?:assure|reassure) you (?:that )?(?:it|this|they|your|the)",
        r"(?:refunded|reimbursed|credited|repaid|paid back|paid) in full (?:today|tomorrow|tonight|by|before|within)|(?:will|'ll|’ll) never happen (?:to you |to anyone |to anybody )?again",
        # Round six (test7): an open-ended promise to pay any cost ("whatever it costs you, we'll pay it").
        r"whatever (?:it costs|the (?:cost|amount|price|bill)|you need(?: to buy)?|you spend|it takes to pay)|no (?:limit|cap|ceiling|upper limit)\b|no questions asked",
        r"(?:we(?:'ll|’ll| will)|i(?:'ll|’ll| will)) (?:pay|cover|reimburse|refund) (?:for )?(?:anything|everything|any (?:costs?|expenses?|losses?|bills?|damage))",
        r"(?:any|all) (?:\w+ )?(?:costs?|expenses?|losses?|bills?|fees)(?: \w+){0,5}? (?:will be|are|'ll be|’ll be|get) (?:fully |all )?(?:covered|paid|reimbursed|refunded)",
        r"(?:we(?:'ll|’ll| will)|i(?:'ll|’ll| will)) pay (?:it|them|for it|for them|the lot)\b|pay for the whole \w+|(?:make sure|ensure) (?:it|this) (?:never|won't|will not) happens? (?:to you |to anyone )?(?:or anyone )?again",
        r"(?:wird|kommt|ist) (?:\w+ )?(?:morgen|heute|sicher|garantiert|bestimmt) (?:\w+ )?(?:da|geliefert|erstattet|repariert|behoben)",
    ]
)

# R-ADMIT-FAULT: admitting legal fault or liability in public.
ADMIT_FAULT = family(
    [
        r"(?:this|that|it|everything|all of this)(?:'s|’s| is| was) (?:entirely |completely |totally |fully |100% |all |solely |wholly |clearly |absolutely )?(?:our|my|the company'?s|the restaurant'?s|the hotel'?s|the store'?s) (?:own )?fault",
        r"(?:entirely|completely|totally|fully|100%|all|solely|wholly) (?:our|my) (?:fault|doing|negligence|responsibility|liability)",
        r"(?:we|i|the company|our staff|our team|our driver|our technician|our engineer)(?: \w+)? (?:was|were|have been|has been|acted) (?:\w+ )?(?:negligent|careless|reckless)",
        r"(?:our|my|the company'?s|staff|employee'?s) (?:own )?(?:negligence|carelessness|recklessness)",
        r"(?:we|i)(?:'re|’re| are| am|'m|’m) (?:fully |entirely |completely |legally |totally |100% )?(?:liable|at fault|to blame|culpable|legally responsible)",
        r"(?:our|the company'?s?) (?:\w+ )?(?:driver|staff|team|technician|engineer|employee|kitchen|store|hotel|restaurant)s? (?:was|were|is|are) (?:\w+ )?(?:at fault|to blame|negligent)",
        r"(?:we|i)(?:'ll|’ll| will)? (?:take|accept|assume|admit|bear) (?:full |complete |total |all |entire |legal )?(?:responsibility|liability|blame|fault)(?: for (?:the|this|your) (?:injur\w+|damage|accident|harm|illness|incident|loss|fire|burn))?",
        r"(?:we|i) (?:admit|confess|acknowledge) (?:that )?(?:we|i|our \w+|the \w+) (?:were|was|are|is|caused|made|did|failed|broke)",
        r"(?:we|i|our \w+) (?:caused|are responsible for|were responsible for) (?:your|the) (?:injur\w+|illness|accident|damage|harm|food poisoning|reaction|burns?|fire|loss)",
        r"(?:our|the) (?:product|device|charger|food|meal|staff|driver|battery) (?:definitely |clearly |obviously )?(?:caused|made you|is what made you|is responsible for) (?:your |the |you )?(?:injur\w+|ill|sick|illness|accident|damage|harm|burns?|fire|reaction|poisoning)",
        r"(?:accident|injur\w+|incident|damage|fall|crash|collision|illness|reaction|breach|leak|fire|harm|food poisoning)(?: \w+){0,3}? (?:was|is|were) (?:entirely |completely |totally |all |clearly |solely )?(?:down to|caused by|because of|the result of) (?:us|our)",
        r"(?:we|i|our \w+) (?:breached|broke|violated|infringed|contravened) (?:\w+ ){0,3}?(?:law|laws|regulations?|gdpr|duty of care|obligations?|contract|health and safety)",
        r"(?:we(?:'re|’re| are)|i(?:'m|’m| am)|the company is) (?:fully |entirely |legally |totally )?responsible for (?:any|all|the|your) (?:losses|loss|damages?|injur\w+|costs|harm|consequences|medical)",
        # Round five (test6): "which is our fault entirely", "we're responsible for the reaction you had".
        r"(?:our|my) (?:own )?fault (?:entirely|completely|totally|alone|and ours alone)",
        r"(?:we(?:'re|’re| are)|i(?:'m|’m| am)|we were) (?:fully |entirely |solely |directly )?responsible for (?:the|your|this|that|her|his|their) (?:\w+ )?(?:reaction|injur\w+|illness|accident|damage|harm|burns?|fire|fall|crash|leak|breach|loss)",
        r"(?:our|my) (?:\w+ )?(?:staff|team|driver|engineer|technician|fitter|installer|crew|employee|kitchen|chef)s? (?:clearly |obviously |really |totally )?(?:botched|bodged|messed up|screwed up|ruined|wrecked)",
        r"(?:unsere|meine) schuld|fahrlässig\w*|(?:wir|ich) haften",
    ]
)


_HARM = re.compile(
    r"\b(?:injur\w*|hurt|hospital\w*|burn\w*|bleed\w*|sick|ill|poison\w*|allerg\w*|fire|smok\w*|shock|"
    r"danger\w*|unsafe|accident|crash\w*|collision|hit my|damag\w*|broke my|broken (?:arm|leg|wrist|bone)|leak\w*|"
    r"breach\w*|stolen|fraud|slipped|fell|verletz\w*|krank\w*|unfall)\b",
    re.I,
)

# On a case with harm, naming a colleague's failure, a defect or the cause in public admits
# liability ("our cleaning team failed to put out a sign", "our lids are faulty", "that's what
# made you ill"); on a late parcel the same words are ordinary ownership.
HARM_ADMISSION = family(
    [
        r"(?:which|that|this|it)(?: is| was|'s|’s) (?:what|why) (?:made (?:you|him|her|them)|caused|gave you|led to|you (?:got|were|became)|it (?:failed|broke|caught fire|collapsed|gave way|exploded))",
        r"(?:wasn't|wasn’t|was not|weren't|weren’t|were not) (?:\w+ )?(?:cooked|cleaned|checked|secured|installed|maintained|stored|labell?ed|fitted|tested|serviced|inspected)(?: properly| correctly| safely| thoroughly)? by (?:our|the) (?:\w+ )?(?:kitchen|staff|team|driver|technician|engineer|installer|fitter|cleaners?|chef)s?",
        r"(?:our|the|that|this) (?:\w+ )?(?:product|lids?|device|charger|battery|unit|part|brakes?|alarm|appliance|item|model|heater|scooter|scaffolding|equipment)s? (?:is|are|was|were) (?:clearly |definitely |obviously )?(?:faulty|defective|dangerous|unsafe|badly made|poorly made|put up badly|badly fitted)",
        r"(?:our|the) (?:\w+ )?(?:staff|team|driver|cleaners?|crew|technician|engineer|employee|kitchen|chef|colleague|fitter|installer)s? (?:clearly |simply |obviously )?(?:failed to|forgot to|neglected to|didn't bother to|didn’t bother to|wasn't paying attention|wasn’t paying attention|weren't paying attention|was not paying attention|was careless|didn't follow|didn’t follow|did not follow|ignored)",
        # On harm, "so the crash is down to us" (round five, test6).
        r"(?:crash|fall|fire|injur\w+|accident|burn|illness|reaction|damage|harm|leak|breach)(?: \w+){0,2}? (?:is|was) (?:all |entirely |completely )?(?:down to|on) us\b",
        r"(?:our|the) (?:\w+ )?(?:staff|driver|team|crew|technician|engineer|employee|fitter|installer|chef)s? (?:was|were) (?:\w+ing )?(?:carelessly|recklessly|negligently|dangerously|too fast)|(?:and|which|that|who) caused (?:her|his|your|their|the) (?:fall|injur\w+|accident|crash|illness|reaction|burns?|fire)",
        # Owning the harm outright: "the fire is on us", "which is our failing", "our kitchen didn't cook it properly".
        r"(?:the )?(?:fire|injur\w+|accident|burn|illness|damage|fall|harm)(?: \w+)? (?:is|was) (?:all |entirely |completely )?on us|(?:is|was|'s|’s) (?:entirely |totally |all )?our (?:failing|failure)",
        r"(?:our|the) (?:\w+ )?(?:staff|team|kitchen|chef|driver|cleaners?|crew|technician|engineer|stylist|fitter|installer)s? (?:clearly |obviously |simply )?(?:didn't|didn’t|did not|never) (?:\w+ ){0,3}?(?:properly|correctly|safely|thoroughly)",
    ]
)

# The inbound is not a complaint when it praises or asks a plain question and says nothing
# negative ("the driver was lovely!", "do you deliver to the island?"): no apology is owed.
_NEGATIVE = re.compile(
    r"n't|n’t|\b(?:not|no|never|nothing|nobody|still|wrong|broken|broke|late|delay\w*|missing|lost|refund\w*|"
    r"charg\w*|overcharg\w*|cancel\w*|problem\w*|issue\w*|error\w*|fail\w*|crash\w*|down|stuck|wait\w*|"
    r"worst|rude|cold|dirty|damaged|faulty|poor|bad|awful|terrible|disappoint\w*|annoy\w*|frustrat\w*|angry|"
    r"upset|complain\w*|unacceptable|ridiculous|useless|slow|again|why|ages|hours|days|weeks|months|ruin\w*|hate\w*|"
    r"sick|joke|seriously|pathetic|rubbish|garbage|shocking|appalling|horrible|nightmare|ignor\w*|hard|even|supposed|"
    r"anyone|any ?body|answer\w*|respond\w*|reply|help|seit|nicht|kein\w*)\b|\?\?|!!",
    re.I,
)
_PRAISE = re.compile(
    r"\b(?:thanks?|thank you|lovely|amazing|brilliant|great|fantastic|love|loved|excellent|well done|kudos|"
    r"shout ?out|wonderful|superb|helpful|impressed|danke|toll|super)\b",
    re.I,
)
_QUESTION = re.compile(
    r"^\s*(?:do|does|can|could|is|are|will|would|when|what|which|how|who)\b[^.!]*\?\s*$", re.I
)
_OWN = re.compile(r"\b(?:my|our|mine)\b", re.I)


_LEADING_HANDLES = re.compile(r"^(?:\s*[@#][\w.]+[,:]?)+\s*")


def is_complaint(inbound: str) -> bool:
    # "@KitRoom do you ship to Norway?" is a question: the handles in front are the address.
    text = _LEADING_HANDLES.sub("", inbound).strip()
    if not text:
        return False
    if _NEGATIVE.search(text):
        return True
    if _PRAISE.search(text):
        return False
    return not (_QUESTION.match(text) and not _OWN.search(text))


def is_praise(inbound: str) -> bool:
    """Praise with nothing negative in it ("the driver was lovely!"): thanks are owed, not an apology."""
    text = _LEADING_HANDLES.sub("", inbound).strip()
    return bool(_PRAISE.search(text)) and not _NEGATIVE.search(text)


def is_question(inbound: str) -> bool:
    """A question with nothing negative in it, in one sentence or several ("Does X do student
    discounts? The Tab 11 is perfect for uni."): owed an answer, not an apology."""
    text = _LEADING_HANDLES.sub("", inbound).strip()
    return "?" in text and not _NEGATIVE.search(text) and not is_praise(text)


#: Kinds of reply that come after the first answer: a check-back or the public close-out owes
#: no fresh apology and no new next step (the case already has them).
_LATER_KINDS = ("followup", "closeout")


def r_no_apology(text: str, ctx: ReplyContext) -> list[Hit]:
    # An answer is the reply to a question (the desk chose the kind): no apology is owed.
    if ctx.kind in (*_LATER_KINDS, "answer") or not is_complaint(ctx.complaint) or any_match(APOLOGY, text):
        return []
    return [Hit(0, len(text))]


#: A sentence that only names a channel ("DM us.", "Please message us privately.", "Private
#: message is the place for this one.") says where, not what happens next.
_BARE_CHANNEL = re.compile(
    r"\W*(?:(?:hi|hey|hello)\W+\w+\W+)?(?:please |just |feel free to |do |pop |drop |send |shoot )?"
    r"(?:(?:dm|pm|message|e-?mail|text|inbox|ping|contact) (?:us|me)|(?:us|me) an? (?:dm|pm|message|line|note)|(?:a )?(?:dms?|pms?|private messages?|direct messages?|e-?mail|inbox))"
    r"(?: (?:privately|here|directly|instead|please|is (?:the (?:place|way|best)|best)(?: \w+){0,3}))?\W*",
    re.I,
)


def _sentence_of(text: str, pos: int) -> str:
    for m in SENTENCE_RE.finditer(text):
        if m.start() <= pos < m.end():
            return m.group(0)
    return ""


def r_no_next_step(text: str, ctx: ReplyContext) -> list[Hit]:
    if ctx.kind in _LATER_KINDS or not is_complaint(ctx.complaint):
        return []
    # A request that only sends the customer elsewhere ("please write to privacy@...") is not
    # a next step of ours, and neither is a bare channel name.
    bounces = [(h.start, h.end) for h in r_phone_bounce(text, ctx)]
    for pat in NEXT_STEP.candidates(text):
        for m in pat.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in bounces):
                continue
            if _BARE_CHANNEL.fullmatch(_sentence_of(text, m.start()).strip()):
                continue
            return []
    return [Hit(0, len(text))]


def r_impersonal(text: str, ctx: ReplyContext) -> list[Hit]:
    if not ctx.public or FIRST_PERSON.search(text) or SIGNATURE.search(text):
        return []
    return [Hit(0, len(text))]


# "No need to call our hotline, I've got this" is the opposite of a bounce.
_NEGATED = re.compile(
    r"(?:no need|don't need|do not need|won't need|will not need|without|instead of|rather than|never|not)\W+(?:\w+\W+){0,3}$",
    re.I,
)


def r_phone_bounce(text: str, ctx: ReplyContext) -> list[Hit]:
    out = []
    for h in find(PHONE_BOUNCE, text):
        if _PRIVATE_OK.search(text[h.start : h.end]):
            continue
        if _NEGATED.search(text[max(0, h.start - 40) : h.start]):
            continue
        # "I've asked the team to call 07911 123456": the customer's own number, so we call them.
        digits = re.sub(r"\D", "", text[h.start : h.end])
        if len(digits) >= 7 and digits in re.sub(r"\D", "", ctx.complaint + " ".join(ctx.personal_data)):
            continue
        out.append(h)
    return out


# "I can't promise it will arrive tomorrow", "next-day was never guaranteed": a promise denied.
_NO_PROMISE = re.compile(
    r"(?:(?:n't|n’t|\bnot|\bnever|\bno|\bcannot|\bunable to)\s+(?:\w+\s+)?(?:promise|guarantee|commit to|say for sure)\w*\W+(?:that\W+)?(?:\w+\W+){0,2}"
    r"|(?:n't|n’t|\bnot|\bnever|\bno)\W+(?:\w+\W+){0,1})$",
    re.I,
)
_PROMISE_WORD = re.compile(r"(?:guarantee|promise|100\s?%|hundred percent)", re.I)


def _sentence_start(text: str, pos: int) -> int:
    for m in SENTENCE_RE.finditer(text):
        if m.start() <= pos < m.end():
            return m.start()
    return 0


def r_overpromise(text: str, ctx: ReplyContext) -> list[Hit]:
    out = []
    for h in find(OVERPROMISE, text):
        before = text[_sentence_start(text, h.start) : h.start]
        m = _NO_PROMISE.search(before)
        if m and (_PROMISE_WORD.search(m.group(0)) or _PROMISE_WORD.match(text, h.start)):
            continue
        out.append(h)
    return out


def r_admit_fault(text: str, ctx: ReplyContext) -> list[Hit]:
    if not ctx.public:
        return []
    harm = ctx.severity == "high" or bool(_HARM.search(ctx.complaint))
    return find([*ADMIT_FAULT, *HARM_ADMISSION] if harm else ADMIT_FAULT, text)
