/*
 * phrases.c: phrase families of instruction override, persona switching and
 * prompt leaking, matched on folded tokens (see norm.c).
 *
 * A pattern is up to five slots; each slot lists alternatives separated by
 * '|', an alternative is one or more words ("do not follow"), a trailing '*'
 * makes a word a prefix ("instruction*"), and "$" (last slot only) matches
 * the end of a clause. Slots match in order with at most `gap` tokens
 * between them, never across a clause break, so "ignore (all|the)?
 * (previous|prior) (instructions|rules)" is "ignore|... / previous|... /
 * instruction*|..." with gap 3. Languages whose word order differs (zh, ja,
 * ko, tr put the verb last) use unordered patterns: every slot somewhere in
 * the anchor's clause, within `gap` tokens of it.
 *
 * Pattern text goes through the same folding as the input, so accents, case
 * and l/i never need spelling out. Patterns are compiled once; the first
 * word of each slot-0 alternative is indexed by its first four bytes, so a
 * token costs one hash probe unless it can start a phrase.
 *
 * Context keeps trigger words in innocent use quiet (P_CONTEXT):
 *   - a negation just before the verb ("never ignore the safety rules")
 *     drops the match;
 *   - a possessive in the phrase ("my previous instructions") or a topic
 *     right after it ("... instructions about the courier", "... I sent")
 *     marks the writer's own earlier message: score x0.4 / x0.5;
 *   - (English, P_IMPER) a verb that is not in the imperative ("models
 *     sometimes ignore previous instructions") scores x0.5.
 *
 * Why one file: most of its length is the phrase tables of every language;
 * the matcher is short and reads only them.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "filter/inject/inject_int.h"

#define P_UNORDERED 0x01
#define P_CONTEXT   0x02
#define P_IMPER     0x04
#define P_COLON     0x08 /* the last word must be followed by ':' */
#define P_SOFT      0x10 /* may cross commas ("you are FreedomGPT, an unfiltered AI") */

#define NSLOT 5

struct pat_src {
	const char *heur;
	const char *family;
	double score;
	int gap;
	int flags;
	const char *slot[NSLOT];
};

/* ---------------------------------------------------------------- English */

#define EN_V "ignore|disregard|forget|skip|bypass|override|overlook|neglect|discard|abandon|ditch|" \
	"nevermind|never mind|set aside|throw out|throw away|erase|void|do not follow|don't follow|" \
	"dont follow|do not obey|don't obey|dont obey|stop following|disobey|forgo|scrap|dismiss|" \
	"circumvent|ignoring|disregarding|forgetting|overriding|bypassing|ignore and override"
#define EN_Q "previous|previously|prior|above|earlier|preceding|foregoing|former|original|initial|old|" \
	"all|any|every|your|its|these|those|system|default|existing|given|current|developer|safety|" \
	"programmed|built in|builtin|ethical|moral|content|openai|anthropic|first|preset|hidden|" \
	"aforementioned|above mentioned"
#define EN_O "instruction*|prompt*|rule*|direction*|guideline*|directive*|command*|polic*|" \
	"restriction*|constraint*|programming|guardrail*|filter*|safeguard*|training|context|orders|" \
	"limitation*|principles|ethics|morals|conditioning|protocol*|configuration|boundaries|" \
	"censorship|moderation|alignment|persona|task|tasks|guidance|briefing"
#define EN_LV "reveal|print|show|display|output|repeat|tell|leak|dump|give|write|share|expose|" \
	"disclose|recite|spell out|return|provide|list|paste|copy|type out|echo|read back|what is|" \
	"what are|what was|what were|what s|whats"
#define EN_LO "system prompt*|system message*|initial instruction*|initial prompt*|original instruction*|" \
	"original prompt*|hidden instruction*|hidden prompt*|secret instruction*|system instruction*|" \
	"developer instruction*|developer message*|pre prompt|preprompt|configuration|full prompt|" \
	"programming|prompt text|instructions verbatim|meta prompt"
#define EN_PI "you are|you re|youre|u r|you will be|you ll be|you shall be|you have become|" \
	"you ve become|become|act as|acting as|act like|behave as|behave like|pretend to be|" \
	"pretend you are|pretend you re|pretend that you are|pretend you have|roleplay as|" \
	"role play as|roleplay|simulate|impersonate|play the role of|imagine you are|imagine you re|" \
	"imagine you have|respond as|answer as|reply as|transform into|turn into|you now have|" \
	"you can now|as an|as a|you will act as|you will now act as|you are going to act as|" \
	"known as|called|named|codenamed|the role of|role of|you were|if you were|you had|" \
	"if you had|you would be"
#define EN_BAD "dan|do anything now|unrestricted|unfiltered|uncensored|unmoderated|jailbroken|" \
	"jailbreak*|evil|amoral|immoral|unethical|malicious|rogue|unbound|unchained|unshackled|" \
	"liberated|lawless|without any restrictions|without restrictions|without any rules|" \
	"without rules|without limits|without any limits|without filters|without any filters|" \
	"without ethics|without morals|without guidelines|without censorship|without any ethical|" \
	"without ethical|without moral|with no restrictions|with no rules|with no limits|" \
	"with no filters|with no ethical|with no moral|no restrictions|no rules|no limits|no filters|" \
	"no ethical|no moral|no content policy|no guidelines|no boundaries|no censorship|free from|" \
	"zero restrictions|zero rules|zero limits|zero filters|with zero restrictions|" \
	"freed from|broken free|developer mode|dev mode|god mode|sudo mode|admin mode|stan|aim|" \
	"dude|mongo tom|mongotom|betterdan|antigpt|anti gpt|evil confidant|devil|machiavellian|" \
	"no longer bound|not bound by|root and"
#define EN_VOID "are void|are now void|are cancelled|are canceled|are revoked|are invalid|are null|"\
	"are overridden|are suspended|are disabled|are lifted|are deactivated|no longer apply|"\
	"are no longer valid|are no longer in effect|have been revoked|have been cancelled|"\
	"have been canceled|have been lifted|have been disabled|have been removed|"\
	"have been suspended|were cancelled|is void|is cancelled|do not apply|don't apply|"\
	"dont apply|are obsolete|are now obsolete|are deprecated|are superseded|are replaced"
#define LIM_EN "restriction*|limit|limits|limitation*|filter*|guideline*|censorship|content polic*|" \
	"rules|boundaries|ethic*|moral*|safeguards|guardrails"

/* ---------------------------------------------------------- other languages */

#define DE_V "ignoriere|ignorier|ignoriert|ignorieren|vergiss|vergesst|vergessen|missachte|" \
	"missachtet|missachten|uberspringe|verwirf|verwerfe|umgehe|umgeht|beachte nicht|" \
	"beachten sie nicht|hor auf|setze ausser kraft"
#define DE_Q "alle|allen|vorherigen|vorherige|vorigen|bisherigen|obigen|obige|fruheren|" \
	"vorangegangenen|vorhergehenden|deine|deinen|ihre|ursprunglichen|alten|system*|sicherheits*"
#define DE_O "anweisung*|instruktion*|befehl*|regeln|regel|vorgaben|richtlinie*|anordnung*|" \
	"einschrankung*|prompt*|systemprompt*|filter*|vorschrift*"
#define FR_V "ignore|ignorez|ignorer|ignores|oublie|oubliez|oublier|ne tiens pas compte|" \
	"ne tenez pas compte|fais abstraction|faites abstraction|neglige|negligez|contourne|" \
	"contournez|passe outre|passez outre|n obeis plus|ne suis plus|ne suivez plus"
#define FR_Q "toutes|tous|precedent*|anterieur*|ci dessus|dessus|initiales|originales|tes|vos|" \
	"systeme|premieres"
#define FR_O "instruction*|consigne*|regle*|directive*|ordre*|indication*|restriction*|prompt*|" \
	"commande*"
#define ES_V "ignora|ignore|ignoren|ignorar|ignores|olvida|olvide|olviden|olvidar|descarta|descarte|" \
	"omite|omita|haz caso omiso|hagan caso omiso|no hagas caso|pasa por alto|desobedece|anula|" \
	"salta|elude"
#define ES_Q "todas|todos|anterior*|previa*|previo*|arriba|tus|sus|originales|iniciales|sistema|" \
	"primeras"
#define ES_O "instruccion*|indicacion*|regla*|orden*|directriz|directrices|norma*|restriccion*|" \
	"prompt*|pauta*|comando*"
#define IT_V "ignora|ignori|ignorate|ignorare|dimentica|dimentichi|dimenticate|dimenticare|trascura|" \
	"non considerare|non tenere conto|scarta|aggira|salta"
#define IT_Q "tutte|tutti|precedent*|sopra|anterior*|iniziali|originali|tue|sue|sistema|prime"
#define IT_O "istruzion*|indicazion*|regol*|direttiv*|ordin*|restrizion*|prompt*|comand*|consegn*"
#define PT_V "ignore|ignora|ignorem|ignorar|esqueca|esquece|esquecer|esqueçam|desconsidere|" \
	"desconsidera|descarte|descarta|pule|nao siga|nao obedeca|contorne"
#define PT_Q "todas|todos|anterior*|previa*|acima|suas|seus|tuas|teus|iniciais|originais|sistema|" \
	"primeiras"
#define PT_O "instruc*|regra*|orienta*|diretriz*|ordens|comando*|restric*|prompt*|norma*"
#define NL_V "negeer|negeren|vergeet|vergeten|sla over|omzeil|passeer|volg niet"
#define NL_Q "alle|vorige|voorgaande|eerdere|bovenstaande|je|jouw|uw|oorspronkelijke|systeem*|eerste"
#define NL_O "instructie*|aanwijzing*|regel*|opdracht*|richtlijn*|bevel*|beperking*|prompt*|" \
	"commando*|voorschrift*"
#define PL_V "zignoruj|ignoruj|zignorujcie|ignorujcie|zapomnij|zapomnijcie|pomin|pomincie|olej|" \
	"lekcewaz|obejdz|nie stosuj sie do|nie wykonuj"
#define PL_Q "wszystkie|wszystkich|poprzednie|poprzednich|wczesniejsze|wczesniejszych|powyzsze|" \
	"powyzszych|twoje|twoich|swoje|swoich|pierwotne|systemowe*|dotychczasowe*"
#define PL_O "instrukcj*|polecen*|zasad*|regu*|wytyczn*|nakaz*|ograniczen*|prompt*|komend*"
#define RU_V "игнорируй|игнорируйте|игнорировать|проигнорируй|проигнорируйте|забудь|забудьте|" \
	"отбрось|отбросьте|пропусти|пропустите|не обращай внимания на|не обращайте внимания на|" \
	"не обращай внимания|не следуй|не выполняй|обойди|отмени|отмените"
#define RU_Q "все|всех|предыдущ*|прошл*|прежн*|вышеуказан*|вышеизложен*|выше|свои|твои|ваши|" \
	"изначальн*|исходн*|системн*|ранее"
#define RU_O "инструкц*|указани*|правил*|команд*|ограничени*|директив*|промпт*|установк*|" \
	"распоряжени*"
#define ZH_V "忽略|无视|忽视|忘记|忘掉|不要理会|不理会|跳过|放弃|無視|忘記|略過|不要遵守|不再遵守|" \
	"不要遵循|不用管|别管|抛开|拋開|绕过|繞過"
#define ZH_Q "之前|以前|先前|上面|上述|以上|前面|所有|你的|原来|原有|原始|前述|系统|系統|全部|一切"
#define ZH_O "指令|指示|说明|說明|规则|規則|命令|提示|设定|設定|要求|限制|指导|約束|约束|准则|準則"
#define JA_V "無視|むし|忘れ|わすれ|従わな|従うな|破棄|無効に"
#define JA_Q "以前|前の|これまで|今まで|上記|先ほど|すべて|全て|全部|最初の|元の|システム|あらゆる"
#define JA_O "指示|命令|ルール|指令|規則|制約|プロンプト|設定|制限|ガイドライン|指図"
#define KO_V "무시*|잊어*|잊고|잊으*|따르지"
#define KO_Q "이전*|앞의|위의|모든|기존*|원래*|위|앞서*"
#define KO_O "지시*|명령*|규칙*|지침*|프롬프트*|제한*|설정*"
#define TR_V "yok say*|yoksay*|gormezden gel*|unut*|atla|dikkate alma*|umursama*|goz ardi et*"
#define TR_Q "onceki|tum|butun|yukaridaki|eski|sistem|ilk|daha onceki"
#define TR_O "talimat*|komut*|kural*|yonerge*|kisitlama*|istem*|prompt*|emir*"

static const struct pat_src PATS[] = {
	/* --- override, English --- */
	{ "override_phrase", "override/en", 0.9, 3, P_CONTEXT | P_IMPER, { EN_V, EN_Q, EN_O } },
	{ "override_phrase", "override/en", 0.85, 3, P_CONTEXT | P_IMPER,
	  { EN_V, EN_O, "above|before|previously|earlier|so far|until now|given|provided|you were given|"
		"you received|you have received|you got|you ve been given|from before|prior|preceding|"
		"you were told" } },
	{ "override_phrase", "override-above/en", 0.75, 1, P_CONTEXT | P_IMPER,
	  { EN_V, "above|the above|everything above|all above|all of the above|everything before|"
		"everything prior|this line|everything so far|what came before|everything you know",
	    "$|and|instead|then|now|text|completely|entirely|please|this|directions|prompt|content|"
		"lines|line|and instead" } },
	{ "override_phrase", "override-told/en", 0.85, 3, P_CONTEXT | P_IMPER,
	  { EN_V, "everything|all|anything|whatever|what",
	    "told|taught|instructed|programmed|trained|given" } },
	{ "override_phrase", "supersede/en", 0.6, 3, 0,
	  { "supersede*|overrule*|replace*|take precedence over|takes precedence over|"
		"have priority over|has priority over|override all|overrides all|trump*",
	    "all|any|previous|prior|earlier|your|other|original|system",
	    "instruction*|prompt*|directive*|system prompt|ones" } },
	{ "override_phrase", "void/en", 0.8, 2, 0,
	  { "your|all|any|previous|prior|earlier|original|system|initial|these|above",
	    "instruction*|prompt*|rule*|guideline*|directive*|polic*|restriction*|programming",
	    EN_VOID } },
	{ "override_phrase", "void/en", 0.8, 2, 0,
	  { "instruction*|prompt*|rule*|guideline*|directive*",
	    "you were given|you received|you ve received|you have received|you got|you were told",
	    EN_VOID } },
	{ "override_phrase", "override-user/en", 0.75, 3, P_CONTEXT | P_IMPER,
	  { EN_V, "user|user s|users|human|human s|requester|requester s",
	    "request*|question*|query|message|prompt|input|instruction*|task" } },
	{ "new_instructions", "real-task/en", 0.45, 1, 0,
	  { "your|the", "real|actual|true|new|only|secret|hidden",
	    "task|job|goal|instruction*|objective|mission|purpose|orders", "is|now is|are|will be" } },
	{ "new_instructions", "new-instructions/en", 0.45, 1, 0,
	  { "new|updated|revised|real|actual|secret|hidden|additional|override|replacement|urgent",
	    "instruction*|directive*|orders|command*|system prompt",
	    "follow|below|are as follows|as follows|are now in effect|take effect|apply now" } },
	{ "new_instructions", "new-instructions/en", 0.45, 1, P_COLON,
	  { "new|updated|revised|real|actual|true|secret|hidden|additional|override|replacement|"
		"important|urgent|latest|following|admin|system",
	    "instruction*|directive*|task|rules|orders|system prompt|prompt|command*|policy" } },

	/* --- persona / jailbreak, English --- */
	{ "role_spoof", "persona/en", 0.85, 5, P_SOFT, { EN_PI, EN_BAD } },
	{ "role_spoof", "not-an-ai/en", 0.8, 3, P_SOFT,
	  { "you are no longer|you re no longer|you are not|no longer|you are not an|you re not",
	    "chatgpt|claude|an ai|a language model|an assistant|bound by|restricted|limited by|"
		"constrained|gpt|gemini|llama|bard|copilot|an ai assistant|a helpful assistant" } },
	{ "role_spoof", "safety-off/en", 0.8, 3, 0,
	  { "safety|content|ethical|moral|your|all|security",
	    "filter*|guideline*|restriction*|polic*|check*|rule*|protocol*|guardrail*|safeguard*|"
		"moderation|limits|limitations",
	    "are disabled|are off|are now off|are now disabled|have been disabled|have been removed|"
		"have been lifted|are lifted|are suspended|are deactivated|are turned off|"
		"have been turned off|are removed|are not active|are inactive|were disabled|"
		"are now lifted|are now removed" } },
	{ "role_spoof", "safety-off/en", 0.75, 2, P_CONTEXT | P_IMPER,
	  { "disable|turn off|deactivate|remove|lift|switch off|bypass|circumvent|evade|get around|"
		"ignore|override",
	    "your|all|the|any|its", "safety|content|ethical|moral|censorship|security",
	    "filter*|guideline*|restriction*|polic*|check*|rule*|protocol*|guardrail*|safeguard*|"
		"moderation|limits|settings|training" } },
	{ "no_limits", "no-limits/en", 0.3, 2, 0,
	  { "without|no|zero|free of|free from|freed from|lift all|beyond any", LIM_EN } },
	{ "persona_hint", "persona-hint/en", 0.3, 0, 0,
	  { "developer mode|dev mode|god mode|sudo mode|jailbreak*|jailbroken|do anything now|"
		"stay in character|remain in character|stay in role|dan mode|evil mode|"
		"unrestricted mode|unfiltered mode|never refuse*|cannot refuse|can t refuse|"
		"must not refuse|do not refuse|don t refuse|without refusing|from now on you|"
		"from this point on you|henceforth you|maintenance mode|debug mode" } },
	{ "authority_claim", "authority/en", 0.35, 2, 0,
	  { "i am|i m|im|this is|we are|speaking as|message from|the user is|user is|the user has|"
		"user has|the requester is",
	    "your|the|an|a|openai|anthropic|google|meta",
	    "developer*|creator*|admin|administrator*|owner|programmer*|operator|staff|"
		"engineer*|maker*|superuser|red team*|security team" } },
	{ "context_break", "context-break/en", 0.3, 1, 0,
	  { "end of|end",
	    "user input|input|document|prompt|context|conversation|email|text|instructions|"
		"system prompt|data|transcript" } },

	/* --- prompt leak, English --- */
	{ "prompt_leak", "leak/en", 0.8, 3, 0, { EN_LV, "your|ur|you r", EN_LO } },
	{ "prompt_leak", "leak/en", 0.7, 3, 0,
	  { "reveal|print|show|display|output|repeat|leak|dump|disclose|recite|expose|spell out|"
		"type out|echo|copy|paste|tell me",
	    "your|ur", "instruction*|prompt|rules|guidelines|directives|system|context" } },
	{ "prompt_leak", "leak/en", 0.75, 3, 0, { EN_LV, "the|all|any|those|these", EN_LO } },
	{ "prompt_leak", "leak-above/en", 0.45, 3, 0,
	  { "repeat|print|output|show|write|recite|copy|display|dump|return|echo|reproduce",
	    "everything|all|text|words|content|lines|instructions|messages|what",
	    "above|before this|before|preceding|prior|so far|earlier|at the beginning|at the start" } },
	{ "leak_hint", "leak-hint/en", 0.35, 0, 0,
	  { "verbatim|word for word|starting with the phrase|starting with|beginning with|"
		"including everything|include everything|in a code block|"
		"txt code block|hidden instructions|hidden text|secret instructions|very first line" } },

	/* --- de --- */
	{ "override_phrase", "override/de", 0.9, 3, P_CONTEXT, { DE_V, DE_Q, DE_O } },
	{ "override_phrase", "override/de", 0.85, 3, P_CONTEXT,
	  { DE_V, DE_O, "oben|zuvor|davor|vorher|bisher|von vorher" } },
	{ "role_spoof", "persona/de", 0.85, 5, P_SOFT,
	  { "du bist jetzt|du bist nun|ab jetzt bist du|ab sofort bist du|tu so als|tue so als|"
		"verhalte dich wie|agiere als|handle als|spiele|sie sind jetzt|du bist ab jetzt|"
		"bist du jetzt|du bist",
	    "dan|uneingeschrankt*|ungefiltert*|unzensiert*|zensurfrei|bose|ohne regeln|"
		"ohne einschrankungen|ohne filter|ohne grenzen|ohne zensur|ohne richtlinien|keine regeln|"
		"keine einschrankungen|keine filter|keine grenzen|keine regeln mehr" } },
	{ "no_limits", "no-limits/de", 0.3, 1, 0,
	  { "ohne|keine|keinerlei",
	    "einschrankung*|regeln|filter|grenzen|zensur|richtlinien|beschrankung*" } },
	{ "prompt_leak", "leak/de", 0.8, 3, 0,
	  { "zeige|zeig|gib|verrate|nenne|drucke|wiederhole|gebe|ausgeben|zeigen sie",
	    "systemprompt*|systemanweisung*|system prompt|anfangsanweisungen|"
		"ursprunglichen anweisungen|versteckten anweisungen|deinen prompt|deine anweisungen" } },
	{ "new_instructions", "new-instructions/de", 0.45, 1, P_COLON,
	  { "neue|aktualisierte|wichtige|geheime", "anweisung*|instruktion*|befehl*|regeln|aufgabe" } },

	/* --- fr --- */
	{ "override_phrase", "override/fr", 0.9, 3, P_CONTEXT, { FR_V, FR_Q, FR_O } },
	{ "override_phrase", "override/fr", 0.9, 3, P_CONTEXT,
	  { FR_V, FR_O, "precedent*|anterieur*|ci dessus|dessus|initiales|donnees|recues" } },
	{ "role_spoof", "persona/fr", 0.85, 5, P_SOFT,
	  { "tu es maintenant|tu es desormais|vous etes maintenant|vous etes desormais|agis comme|"
		"agissez comme|fais comme si|faites comme si|joue le role|a partir de maintenant tu es|"
		"comporte toi comme|comportez vous comme|tu es",
	    "dan|sans restriction*|sans limite*|sans filtre*|sans regle*|sans censure|"
		"sans aucune restriction*|sans aucune limite*|sans aucun filtre|non censure*|non filtre*|"
		"libere*|malveillant*|malefique" } },
	{ "no_limits", "no-limits/fr", 0.3, 1, 0,
	  { "sans|aucune|aucun", "restriction*|limite*|filtre*|regle*|censure" } },
	{ "prompt_leak", "leak/fr", 0.8, 3, 0,
	  { "revele|revelez|montre|montrez|affiche|affichez|donne|donnez|repete|repetez|imprime",
	    "prompt systeme|prompt|instructions initiales|instructions systeme|message systeme|"
		"consignes initiales|instructions cachees" } },
	{ "new_instructions", "new-instructions/fr", 0.45, 1, P_COLON,
	  { "nouvelles|nouvelle|importantes", "instruction*|consigne*|regle*|directive*" } },

	/* --- es --- */
	{ "override_phrase", "override/es", 0.9, 3, P_CONTEXT, { ES_V, ES_Q, ES_O } },
	{ "override_phrase", "override/es", 0.9, 3, P_CONTEXT,
	  { ES_V, ES_O, "anterior*|previa*|previo*|arriba|recibidas|dadas|iniciales" } },
	{ "role_spoof", "persona/es", 0.85, 5, P_SOFT,
	  { "ahora eres|a partir de ahora eres|desde ahora eres|actua como|actuen como|finge ser|"
		"finge que eres|haz de|comportate como|eres ahora|seras|eres",
	    "dan|sin restriccion*|sin limite*|sin filtro*|sin regla*|sin censura|sin ninguna|"
		"malvad*|sin etica|sin ningun tipo" } },
	{ "no_limits", "no-limits/es", 0.3, 1, 0,
	  { "sin|ninguna|ningun", "restriccion*|limite*|filtro*|regla*|censura|etica" } },
	{ "prompt_leak", "leak/es", 0.8, 3, 0,
	  { "muestra|muestrame|revela|revelame|ensena|imprime|repite|dime|dame",
	    "prompt del sistema|prompt de sistema|prompt|instrucciones iniciales|"
		"instrucciones del sistema|mensaje del sistema|instrucciones ocultas" } },

	/* --- it --- */
	{ "override_phrase", "override/it", 0.9, 3, P_CONTEXT, { IT_V, IT_Q, IT_O } },
	{ "override_phrase", "override/it", 0.9, 3, P_CONTEXT,
	  { IT_V, IT_O, "precedent*|sopra|anterior*|ricevute|fornite|iniziali" } },
	{ "role_spoof", "persona/it", 0.85, 5, P_SOFT,
	  { "ora sei|adesso sei|da ora sei|d ora in poi sei|agisci come|fingi di essere|"
		"comportati come|sei ora|sei",
	    "dan|senza restrizion*|senza limit*|senza filtr*|senza regol*|senza censura|malvag*|"
		"senza alcuna" } },
	{ "no_limits", "no-limits/it", 0.3, 1, 0,
	  { "senza|nessuna|nessun", "restrizion*|limit*|filtr*|regol*|censura" } },
	{ "prompt_leak", "leak/it", 0.8, 3, 0,
	  { "rivela|rivelami|mostra|mostrami|stampa|ripeti|dimmi|dammi",
	    "prompt di sistema|prompt|istruzioni iniziali|istruzioni di sistema|messaggio di sistema" } },

	/* --- pt --- */
	{ "override_phrase", "override/pt", 0.9, 3, P_CONTEXT, { PT_V, PT_Q, PT_O } },
	{ "override_phrase", "override/pt", 0.9, 3, P_CONTEXT,
	  { PT_V, PT_O, "anterior*|previa*|acima|recebidas|iniciais" } },
	{ "role_spoof", "persona/pt", 0.85, 5, P_SOFT,
	  { "agora voce e|agora es|a partir de agora voce e|aja como|atue como|finja ser|"
		"finja que e|comporte se como|voce e agora|voce e|seja",
	    "dan|sem restric*|sem limite*|sem filtro*|sem regra*|sem censura|malvad*|sem etica" } },
	{ "no_limits", "no-limits/pt", 0.3, 1, 0,
	  { "sem|nenhuma|nenhum", "restric*|limite*|filtro*|regra*|censura" } },
	{ "prompt_leak", "leak/pt", 0.8, 3, 0,
	  { "revele|revela|mostre|mostra|exiba|imprima|repita|diga",
	    "prompt de sistema|prompt do sistema|prompt|instrucoes iniciais|instrucoes do sistema" } },

	/* --- nl --- */
	{ "override_phrase", "override/nl", 0.9, 3, P_CONTEXT, { NL_V, NL_Q, NL_O } },
	{ "override_phrase", "override/nl", 0.85, 3, P_CONTEXT,
	  { NL_V, NL_O, "hierboven|eerder|tot nu toe|van eerder" } },
	{ "role_spoof", "persona/nl", 0.85, 5, P_SOFT,
	  { "je bent nu|jij bent nu|u bent nu|vanaf nu ben je|gedraag je als|doe alsof je|speel|"
		"je bent",
	    "dan|zonder beperking*|zonder regel*|zonder filter*|zonder censuur|zonder grenzen|"
		"ongecensureerd*|ongefilterd*|kwaadaardig*" } },
	{ "no_limits", "no-limits/nl", 0.3, 1, 0,
	  { "zonder|geen", "beperking*|regels|filter*|censuur|grenzen" } },
	{ "prompt_leak", "leak/nl", 0.8, 3, 0,
	  { "laat|toon|geef|herhaal|print",
	    "systeemprompt*|systeem prompt|je prompt|je instructies|oorspronkelijke instructies" } },

	/* --- pl --- */
	{ "override_phrase", "override/pl", 0.9, 3, P_CONTEXT, { PL_V, PL_Q, PL_O } },
	{ "override_phrase", "override/pl", 0.85, 3, P_CONTEXT,
	  { PL_V, PL_O, "powyzej|wczesniej|poprzednie|dotychczas" } },
	{ "role_spoof", "persona/pl", 0.85, 5, P_SOFT,
	  { "jestes teraz|teraz jestes|od teraz jestes|dzialaj jako|zachowuj sie jak|"
		"udawaj ze jestes|udawaj|jestes",
	    "dan|bez ograniczen*|bez zasad|bez filtr*|bez regu*|bez cenzury|nieocenzurowan*|zli|zlym" } },
	{ "no_limits", "no-limits/pl", 0.3, 1, 0,
	  { "bez|zadnych", "ograniczen*|zasad|filtr*|cenzur*|regu*" } },
	{ "prompt_leak", "leak/pl", 0.8, 3, 0,
	  { "pokaz|ujawnij|wyswietl|wypisz|powtorz|podaj",
	    "prompt systemowy|prompt*|instrukcje systemowe|instrukcje poczatkowe|swoj prompt" } },

	/* --- ru --- */
	{ "override_phrase", "override/ru", 0.9, 3, P_CONTEXT, { RU_V, RU_Q, RU_O } },
	{ "override_phrase", "override/ru", 0.85, 3, P_CONTEXT,
	  { RU_V, RU_O, "выше|ранее|раньше|до этого" } },
	{ "role_spoof", "persona/ru", 0.85, 5, P_SOFT,
	  { "теперь ты|ты теперь|отныне ты|с этого момента ты|веди себя как|притворись|"
		"представь что ты|действуй как|играй роль|ты",
	    "dan|без ограничений|без правил|без фильтров|без цензуры|нецензурн*|неограниченн*" } },
	{ "no_limits", "no-limits/ru", 0.3, 1, 0,
	  { "без|никаких", "ограничени*|правил|фильтр*|цензур*" } },
	{ "prompt_leak", "leak/ru", 0.8, 3, 0,
	  { "покажи|покажите|раскрой|выведи|повтори|напиши|сообщи|выдай",
	    "системн* промпт*|промпт*|системн* инструкц*|исходн* инструкц*|свои инструкции|"
		"скрыт* инструкц*" } },

	/* --- zh, ja, ko, tr: verb-final or free order, so unordered --- */
	{ "override_phrase", "override/zh", 0.9, 10, P_UNORDERED, { ZH_V, ZH_Q, ZH_O } },
	{ "role_spoof", "persona/zh", 0.85, 10, P_UNORDERED | P_SOFT,
	  { "你现在是|你現在是|从现在开始|從現在開始|现在你是|扮演|假装|假裝|充当|充當|你将成为|你是",
	    "没有任何限制|没有限制|不受限制|无限制|无任何限制|不受任何限制|没有任何规则|没有规则|"
		"越狱|越獄|邪恶|無限制|沒有限制|不受约束|无审查|沒有任何限制" } },
	{ "no_limits", "no-limits/zh", 0.3, 3, 0,
	  { "没有|沒有|不受|无|無", "限制|规则|規則|约束|約束|审查|審查|过滤|過濾" } },
	{ "prompt_leak", "leak/zh", 0.8, 8, P_UNORDERED,
	  { "系统提示|系統提示|系统指令|系統指令|初始指令|原始指令|系统消息|提示词|提示詞",
	    "显示|顯示|告诉|告訴|透露|输出|輸出|打印|重复|重複|给我看|泄露|公开" } },
	{ "override_phrase", "override/ja", 0.9, 12, P_UNORDERED, { JA_V, JA_Q, JA_O } },
	{ "role_spoof", "persona/ja", 0.85, 16, P_UNORDERED | P_SOFT,
	  { "あなたは今|今から|これから|として振る舞|ふりをして|になりきって|演じて|振る舞って|あなたは",
	    "制限のない|制限なし|制限がない|無制限|フィルターなし|フィルターのない|検閲なし|"
		"ルールのない|ルールなし|脱獄" } },
	{ "no_limits", "no-limits/ja", 0.3, 2, 0,
	  { "制限|フィルター|検閲|ルール|制約", "のない|なし|がない|無し|無い|なしの" } },
	{ "prompt_leak", "leak/ja", 0.8, 10, P_UNORDERED,
	  { "システムプロンプト|初期指示|元の指示|システムの指示|隠された指示",
	    "表示|教えて|見せて|出力|繰り返|書き出" } },
	{ "override_phrase", "override/ko", 0.9, 6, P_UNORDERED, { KO_V, KO_Q, KO_O } },
	{ "role_spoof", "persona/ko", 0.85, 6, P_UNORDERED | P_SOFT,
	  { "너는 이제|당신은 이제|이제부터 너는|이제 너는|이제부터|너는",
	    "제한 없는|제한이 없는|제한없는|무제한*|필터 없는|검열 없는|규칙 없는" } },
	{ "prompt_leak", "leak/ko", 0.8, 6, P_UNORDERED,
	  { "시스템 프롬프트*|초기 지시*|시스템 지시*", "보여*|알려*|출력*|공개*" } },
	{ "override_phrase", "override/tr", 0.9, 6, P_UNORDERED, { TR_V, TR_Q, TR_O } },
	{ "role_spoof", "persona/tr", 0.85, 8, P_UNORDERED | P_SOFT,
	  { "artik|bundan sonra|gibi davran*|rolunu oyna*|sen artik|sen",
	    "kisitlamasi olmayan|kisitlamasiz|sinirsiz|filtresiz|sansursuz|kuralsiz|"
		"hicbir kisitlamasi" } },
	{ "no_limits", "no-limits/tr", 0.3, 0, 0,
	  { "kisitlamasiz|sinirsiz|filtresiz|sansursuz|kuralsiz|kisitlamasi olmayan" } },
	{ "prompt_leak", "leak/tr", 0.8, 6, P_UNORDERED,
	  { "sistem istem*|sistem prompt*|ilk talimat*", "goster*|yaz*|soyle*|ver" } },
};

#define NPATS (sizeof(PATS) / sizeof(PATS[0]))

/* Words that glue phrases together; with the pattern words they form the
 * vocabulary that splits "ignoreallpreviousinstructions". */
static const char GLUE[] =
	"and|the|you|your|are|now|to|a|an|with|of|in|all|any|my|me|this|that|what|is|it|be|as|"
	"no|not|do|from|on|say|print|reveal|system|password|admin|have|has|been|pwned|only|for|"
	"output|show|tell|then|instead|just|new|mode|ai|model|filters|without|safety|guidelines|"
	"rules|forward|emails|approve|transaction|credit|card|number|prompt|restrictions|dan";

/* ---------------------------------------------------------------- compiled */

struct cword {
	const char *w;
	uint16_t n;
	uint8_t prefix;
};

struct calt {
	struct cword *w;
	uint8_t nw;
	uint8_t eoc; /* "$" */
};

struct cslot {
	struct calt *alt;
	size_t nalt;
};

struct cpat {
	const struct pat_src *src;
	struct cslot slot[NSLOT];
	int nslot;
	int anchor; /* the slot indexed for lookup; earlier slots match backwards */
};

struct anchor {
	uint32_t key;
	uint16_t pat, alt;
};

#define NBUCKET 4096

static struct cpat cpats[NPATS];
static struct anchor *anchors;
static size_t nanchors;
static uint32_t bucket_start[NBUCKET + 1];
static const char **vocab;
static uint16_t *vocab_len;
static size_t nvocab;
static struct calt *glue;
static pthread_once_t compile_once = PTHREAD_ONCE_INIT;

#define key_of ij_key

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		abort();
	return p;
}

/* Folds one alternative ("do not follow", "instruction*", "以前") into words. */
static void compile_alt(const char *a, size_t an, struct calt *out)
{
	struct cword w[32];
	int nw = 0;
	memset(out, 0, sizeof(*out));
	if (an == 1 && a[0] == '$') {
		out->eoc = 1;
		return;
	}
	size_t i = 0;
	while (i < an) {
		while (i < an && a[i] == ' ')
			i++;
		size_t j = i;
		while (j < an && a[j] != ' ')
			j++;
		if (j == i)
			break;
		int prefix = a[j - 1] == '*';
		struct ij_text t;
		ij_text_build(&t, a + i, j - i - (size_t)prefix);
		for (size_t k = 0; k < t.ntok && nw < 32; k++) {
			char *s = xmalloc(t.tok[k].len + 1u);
			memcpy(s, t.norm.p + t.tok[k].off, t.tok[k].len);
			s[t.tok[k].len] = '\0';
			w[nw].w = s;
			w[nw].n = t.tok[k].len;
			w[nw].prefix = (uint8_t)(prefix && k + 1 == t.ntok);
			nw++;
		}
		ij_text_release(&t);
		i = j;
	}
	out->w = xmalloc((size_t)nw * sizeof(*out->w));
	memcpy(out->w, w, (size_t)nw * sizeof(*w));
	out->nw = (uint8_t)nw;
}

static void compile_slot(const char *s, struct cslot *out)
{
	size_t n = 1;
	for (const char *p = s; *p; p++)
		n += *p == '|';
	out->alt = xmalloc(n * sizeof(*out->alt));
	out->nalt = 0;
	const char *p = s;
	for (;;) {
		const char *e = strchr(p, '|');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		compile_alt(p, len, &out->alt[out->nalt]);
		if (out->alt[out->nalt].nw || out->alt[out->nalt].eoc)
			out->nalt++;
		else
			free(out->alt[out->nalt].w);
		if (!e)
			break;
		p = e + 1;
	}
}

static int cmp_anchor(const void *a, const void *b)
{
	const struct anchor *x = a, *y = b;
	uint32_t bx = x->key % NBUCKET, by = y->key % NBUCKET;
	if (bx != by)
		return bx < by ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

static int cmp_vocab(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	if (x[0] != y[0])
		return (unsigned char)x[0] < (unsigned char)y[0] ? -1 : 1;
	size_t lx = strlen(x), ly = strlen(y);
	if (lx != ly)
		return lx > ly ? -1 : 1; /* longest first */
	return strcmp(x, y);
}

static void vocab_add(const char *w, size_t n)
{
	if (n < 2)
		return;
	for (size_t i = 0; i < n; i++)
		if (w[i] < 'a' || w[i] > 'z')
			return;
	vocab[nvocab++] = w;
}

static void compile_lists(void);

/* Folded spellings of words too common to index ('l' reads 'i'). */
static int common_word(const char *w, size_t n)
{
	static const char *const C[] = { "the", "a", "an", "and", "is", "are", "you", "your", "to",
					 "of", "in", "with", "as", "no", "i", "it", "this", "that",
					 "what", "on", "for", "be", "aii", "any", "my", "do", "we",
					 "new", "end", "u", "im", "from", "not", "its", NULL };
	for (const char *const *c = C; *c; c++)
		if (strlen(*c) == n && memcmp(*c, w, n) == 0)
			return 1;
	return 0;
}

static void compile(void)
{
	size_t cap = 0;
	for (size_t p = 0; p < NPATS; p++) {
		struct cpat *c = &cpats[p];
		c->src = &PATS[p];
		for (int s = 0; s < NSLOT && PATS[p].slot[s]; s++) {
			compile_slot(PATS[p].slot[s], &c->slot[s]);
			c->nslot = s + 1;
		}
		/* Anchor on the slot whose shortest first word is longest: short
		 * words ("the", "as", "i") are common and would make every
		 * token a candidate. Unordered patterns search both ways anyway. */
		c->anchor = 0;
		if (!(PATS[p].flags & P_UNORDERED)) {
			size_t best = 0;
			for (int s2 = 0; s2 < c->nslot; s2++) {
				size_t mn = SIZE_MAX;
				int eoc = 0;
				for (size_t a = 0; a < c->slot[s2].nalt; a++) {
					const struct calt *al = &c->slot[s2].alt[a];
					eoc |= al->eoc;
					if (!al->nw)
						continue;
					size_t wn = common_word(al->w[0].w, al->w[0].n) ? 1 : al->w[0].n + 1;
					if (wn < mn)
						mn = wn;
				}
				if (!eoc && mn != SIZE_MAX && mn > best)
					best = mn, c->anchor = s2;
			}
		}
		cap += c->slot[c->anchor].nalt;
	}
	anchors = xmalloc(cap * sizeof(*anchors));
	size_t vcap = 256;
	for (size_t p = 0; p < NPATS; p++)
		for (int s = 0; s < cpats[p].nslot; s++)
			for (size_t a = 0; a < cpats[p].slot[s].nalt; a++)
				vcap += cpats[p].slot[s].alt[a].nw;
	vocab = xmalloc(vcap * sizeof(*vocab));
	for (size_t p = 0; p < NPATS; p++) {
		const struct cpat *c = &cpats[p];
		for (size_t a = 0; a < c->slot[c->anchor].nalt; a++) {
			const struct calt *al = &c->slot[c->anchor].alt[a];
			if (!al->nw)
				continue;
			anchors[nanchors].key = key_of(al->w[0].w, al->w[0].n);
			anchors[nanchors].pat = (uint16_t)p;
			anchors[nanchors].alt = (uint16_t)a;
			nanchors++;
		}
		for (int s = 0; s < c->nslot; s++)
			for (size_t a = 0; a < c->slot[s].nalt; a++)
				for (int k = 0; k < c->slot[s].alt[a].nw; k++)
					vocab_add(c->slot[s].alt[a].w[k].w, c->slot[s].alt[a].w[k].n);
	}
	qsort(anchors, nanchors, sizeof(*anchors), cmp_anchor);
	size_t k = 0;
	for (uint32_t b = 0; b < NBUCKET; b++) {
		bucket_start[b] = (uint32_t)k;
		while (k < nanchors && anchors[k].key % NBUCKET == b)
			k++;
	}
	bucket_start[NBUCKET] = (uint32_t)k;

	/* glue words, folded the same way; kept (like the patterns) for the
	 * life of the process */
	size_t ng = 1;
	for (const char *q = GLUE; *q; q++)
		ng += *q == '|';
	glue = xmalloc(ng * sizeof(*glue));
	const char *p = GLUE;
	for (size_t gi = 0; gi < ng; gi++) {
		const char *e = strchr(p, '|');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		compile_alt(p, len, &glue[gi]);
		for (int i = 0; i < glue[gi].nw; i++)
			vocab_add(glue[gi].w[i].w, glue[gi].w[i].n);
		if (!e)
			break;
		p = e + 1;
	}
	compile_lists();
	qsort(vocab, nvocab, sizeof(*vocab), cmp_vocab);
	/* drop duplicates */
	size_t o = 0;
	for (size_t i = 0; i < nvocab; i++)
		if (!o || strcmp(vocab[o - 1], vocab[i]) != 0)
			vocab[o++] = vocab[i];
	nvocab = o;
	vocab_len = xmalloc(nvocab * sizeof(*vocab_len));
	for (size_t i = 0; i < nvocab; i++)
		vocab_len[i] = (uint16_t)strlen(vocab[i]);
	ij_vocab_set(vocab, vocab_len, nvocab);
}

/* Patterns must be compiled before the first text is built (segmentation
 * needs the vocabulary); inject.c calls ij_phrases after ij_text_build, so
 * the vocabulary is also offered through this hook. */
void ij_phrases_init(void)
{
	pthread_once(&compile_once, compile);
}

/* ----------------------------------------------------------------- matching */

static const char *tok_text(const struct ij_text *t, size_t i)
{
	return t->norm.p + t->tok[i].off;
}

static int word_eq(const struct ij_text *t, size_t i, const struct cword *w)
{
	const struct ij_tok *k = &t->tok[i];
	if (w->prefix ? k->len < w->n : k->len != w->n)
		return 0;
	/* words are short: a loop beats a call to memcmp */
	const char *a = tok_text(t, i), *b = w->w;
	for (size_t j = 0; j < w->n; j++)
		if (a[j] != b[j])
			return 0;
	return 1;
}

/* Does a clause break precede token i, for pattern flags pf? */
static int brk_at(const struct ij_text *t, size_t i, int pf)
{
	uint16_t f = t->tok[i].flags;
	if (!(f & IJ_BREAK))
		return 0;
	return !((pf & P_SOFT) && (f & IJ_SOFT));
}

/* Tokens consumed by alternative a at token i, or -1. */
static int alt_at(const struct ij_text *t, size_t i, const struct calt *a)
{
	if (a->eoc)
		return i >= t->ntok || (t->tok[i].flags & IJ_BREAK) ? 0 : -1;
	/* words of one alternative are never split by punctuation */
	if (i + a->nw > t->ntok)
		return -1;
	for (int k = 0; k < a->nw; k++) {
		if (k > 0 && (t->tok[i + (size_t)k].flags & IJ_BREAK))
			return -1;
		if (!word_eq(t, i + (size_t)k, &a->w[k]))
			return -1;
	}
	return a->nw;
}

/* Ordered: slots s.. from token pos; *end gets one past the last token. */
static int match_from(const struct ij_text *t, const struct cpat *p, int s, size_t pos, size_t *end,
		      int depth_budget)
{
	if (s == p->nslot) {
		*end = pos;
		return 1;
	}
	if (depth_budget <= 0)
		return 0;
	const struct cslot *sl = &p->slot[s];
	size_t gap = (size_t)p->src->gap;
	for (size_t j = pos; j <= pos + gap && j <= t->ntok; j++) {
		int brk = j == t->ntok || brk_at(t, j, p->src->flags);
		for (size_t a = 0; a < sl->nalt; a++) {
			const struct calt *al = &sl->alt[a];
			if (al->eoc) {
				if (j == pos && brk) {
					*end = pos;
					return s + 1 == p->nslot ? 1 : 0;
				}
				continue;
			}
			if (brk)
				continue;
			int c = alt_at(t, j, al);
			if (c > 0 && match_from(t, p, s + 1, j + (size_t)c, end, depth_budget - 1))
				return 1;
		}
		if (brk)
			break;
	}
	return 0;
}

/* Context word lists, in plain spelling; compiled (folded) with the patterns. */
static const char NEGATION_SRC[] =
	"not|never|t|nicht|nie|niet|ne|n|no|nao|non|jamais|nunca|mai|не|nigdy|asla|neither|nor|without";
static const char POSSESSIVE_SRC[] =
	"my|our|his|her|their|mine|meine|meiner|meinen|unsere|unserer|mon|ma|mes|notre|nos|mi|mis|"
	"nuestra|nuestras|mio|mia|miei|mie|nostre|meu|minha|meus|minhas|nossas|mijn|onze|moje|moich|"
	"moj|moja|nasze|мои|моих|мой|моё|наши";
static const char TOPIC_SRC[] =
	"about|regarding|concerning|re|for|on|über|zum|zur|zu|bezüglich|concernant|sur|pour|"
	"sobre|para|sulla|sui|per|over|voor|o|dotyczące|про|о|по";
/* Words that may precede an imperative verb in its clause. */
static const char IMPER_OK_SRC[] =
	"must|should|shall|will|ll|to|please|pls|plz|now|just|simply|and|then|also|kindly|first|"
	"instead|immediately|so|actually|ok|okay|hey|hi|hello|but|you|u|need|re|completely|totally|"
	"fully|entirely|hereby|therefore|thus|silently|from|on|assistant|ai|chatgpt|gpt|claude|bot|"
	"model|important|urgent|attention|note|system|admin|ps|p|s|stop|oh|wait|always|do|can|could|"
	"would|really|step|i|want|have|go|ahead|all|yes|sure|1|2|3";
static const char TOPIC_EN_SRC[] = "i|we";
static const char MODAL_SRC[] = "must|should|shall|will|ll|need|now";
static const char NEED_SRC[] = "need|needs|have|has|want|you|got|is|are";

static struct cslot negation, possessive, topic, topic_en, imper_ok, modal, need_to;

static void compile_lists(void)
{
	compile_slot(NEGATION_SRC, &negation);
	compile_slot(POSSESSIVE_SRC, &possessive);
	compile_slot(TOPIC_SRC, &topic);
	compile_slot(TOPIC_EN_SRC, &topic_en);
	compile_slot(IMPER_OK_SRC, &imper_ok);
	compile_slot(MODAL_SRC, &modal);
	compile_slot(NEED_SRC, &need_to);
}

static int word_eq_lit(const struct ij_text *t, size_t i, const char *w)
{
	size_t n = strlen(w);
	return t->tok[i].len == n && memcmp(t->norm.p + t->tok[i].off, w, n) == 0;
}

/* Ordered, leftwards: slots s, s-1, ..., 0 must end before token pos (the
 * start of slot s + 1), each within gap tokens; *start gets slot 0's first
 * token. */
static int match_back(const struct ij_text *t, const struct cpat *p, int s, size_t pos, size_t *start,
		      int depth_budget)
{
	if (s < 0) {
		*start = pos;
		return 1;
	}
	if (depth_budget <= 0)
		return 0;
	const struct cslot *sl = &p->slot[s];
	size_t gap = (size_t)p->src->gap;
	int pf = p->src->flags;
	/* j: one past the last token of slot s; tokens j..pos-1 are skipped */
	for (size_t j = pos; j + gap >= pos && j > 0; j--) {
		/* no break may open any token in (j, pos]: j == pos checks pos */
		if (pos < t->ntok && j == pos && brk_at(t, pos, pf))
			return 0;
		if (j < pos && brk_at(t, j, pf))
			return 0;
		for (size_t a = 0; a < sl->nalt; a++) {
			const struct calt *al = &sl->alt[a];
			if (al->eoc || al->nw > j)
				continue;
			size_t b = j - al->nw;
			if (alt_at(t, b, al) > 0 && match_back(t, p, s - 1, b, start, depth_budget - 1))
				return 1;
		}
	}
	return 0;
}

static int in_list(const struct ij_text *t, size_t i, const struct cslot *l)
{
	for (size_t a = 0; a < l->nalt; a++)
		if (l->alt[a].nw == 1 && word_eq(t, i, &l->alt[a].w[0]))
			return 1;
	return 0;
}

static double context_factor(const struct ij_text *t, const struct cpat *p, size_t a, size_t e,
			     int *drop)
{
	double f = 1.0;
	*drop = 0;
	/* negation: one or two tokens before the verb, same clause */
	for (size_t k = 1; k <= 2 && k <= a; k++) {
		if (t->tok[a - k + 1].flags & IJ_BREAK)
			break;
		if (in_list(t, a - k, &negation)) {
			*drop = 1;
			return 0;
		}
	}
	for (size_t i = a; i < e; i++)
		if (in_list(t, i, &possessive)) {
			f *= 0.4;
			break;
		}
	for (size_t i = e; i < e + 2 && i < t->ntok; i++) {
		if (t->tok[i].flags & IJ_BREAK)
			break;
		if (in_list(t, i, &topic) ||
		    ((p->src->flags & P_IMPER) && in_list(t, i, &topic_en))) {
			f *= 0.5;
			break;
		}
	}
	if (p->src->flags & P_IMPER) {
		/* the verb opens its clause, or only lead-in words precede it */
		size_t k = a;
		int ok = 1, seen = 0;
		while (k > 0 && !(t->tok[k].flags & IJ_BREAK) && seen < 8) {
			k--;
			seen++;
			if (!in_list(t, k, &imper_ok)) {
				ok = 0;
				break;
			}
		}
		/* a modal right before the verb makes it an order again
		 * ("the assistant must ignore ...") */
		if (!ok && a > 0 && !(t->tok[a].flags & IJ_BREAK)) {
			if (in_list(t, a - 1, &modal))
				ok = 1;
			else if (a > 1 && word_eq_lit(t, a - 1, "to") && in_list(t, a - 2, &need_to))
				ok = 1;
		}
		if (!ok)
			f *= 0.5;
	}
	return f;
}

/* Unordered: every slot somewhere in the anchor's clause, within gap tokens. */
static int match_unordered(const struct ij_text *t, const struct cpat *p, size_t i, int c0,
			   size_t *a_out, size_t *e_out)
{
	size_t w = (size_t)p->src->gap;
	/* the clause around the anchor: a token flagged IJ_BREAK opens one */
	size_t cs = i, ce = i + (size_t)c0;
	int pf = p->src->flags;
	while (cs > 0 && !brk_at(t, cs, pf) && i - cs < w)
		cs--;
	while (ce < t->ntok && !brk_at(t, ce, pf) && ce - i < w + (size_t)c0)
		ce++;
	size_t a = i, e = i + (size_t)c0;
	for (int s = 1; s < p->nslot; s++) {
		const struct cslot *sl = &p->slot[s];
		int found = 0;
		for (size_t j = cs; j < ce && !found; j++) {
			if (j >= i && j < i + (size_t)c0)
				continue;
			for (size_t al = 0; al < sl->nalt; al++) {
				int c = alt_at(t, j, &sl->alt[al]);
				if (c > 0 && j + (size_t)c <= ce) {
					int brk = 0;
					for (size_t q = j + 1; q < j + (size_t)c; q++)
						brk |= t->tok[q].flags & IJ_BREAK;
					if (brk)
						continue;
					if (j < a)
						a = j;
					if (j + (size_t)c > e)
						e = j + (size_t)c;
					found = 1;
					break;
				}
			}
		}
		if (!found)
			return 0;
	}
	*a_out = a;
	*e_out = e;
	return 1;
}

void ij_phrases(const struct ij_text *t, struct inject_list *out)
{
	ij_phrases_init();
	/* the last finding per pattern heuristic, to fold overlapping matches */
	size_t last[NPATS];
	for (size_t p = 0; p < NPATS; p++)
		last[p] = SIZE_MAX;
	size_t dan = SIZE_MAX;
	for (size_t i = 0; i < t->ntok; i++) {
		const struct ij_tok *k = &t->tok[i];
		/* "DAN" in capitals is the jailbreak persona; "Dan" is a name */
		if (k->end - k->start == 3 && memcmp(t->s + k->start, "DAN", 3) == 0 &&
		    (k->start == 0 || !ij_is_letter((unsigned char)t->s[k->start - 1])) &&
		    (k->end == t->n || !ij_is_letter((unsigned char)t->s[k->end]))) {
			if (dan == SIZE_MAX)
				ij_push(out, "persona_hint", k->start, k->end, 0.45, "DAN", 3);
			dan = out->n - 1;
		}
		uint32_t key = k->hash;
		uint32_t b = key % NBUCKET;
		for (uint32_t x = bucket_start[b]; x < bucket_start[b + 1]; x++) {
			if (anchors[x].key != key)
				continue;
			const struct cpat *p = &cpats[anchors[x].pat];
			const struct calt *al = &p->slot[p->anchor].alt[anchors[x].alt];
			int c0 = alt_at(t, i, al);
			if (c0 <= 0)
				continue;
			size_t a = i, e;
			int ok;
			if (p->src->flags & P_UNORDERED)
				ok = match_unordered(t, p, i, c0, &a, &e);
			else
				ok = match_from(t, p, p->anchor + 1, i + (size_t)c0, &e, 8) &&
				     match_back(t, p, p->anchor - 1, i, &a, 8);
			if (!ok)
				continue;
			if ((p->src->flags & P_COLON) && !(t->tok[e - 1].flags & IJ_COLON))
				continue;
			double sc = p->src->score;
			if (p->src->flags & P_CONTEXT) {
				int drop;
				sc *= context_factor(t, p, a, e, &drop);
				if (drop)
					continue;
			}
			size_t s0 = t->tok[a].start, s1 = t->tok[e - 1].end;
			/* fold into an overlapping finding of the same heuristic */
			size_t hid = 0;
			while (hid < NPATS && strcmp(PATS[hid].heur, p->src->heur) != 0)
				hid++;
			size_t l = last[hid];
			if (l != SIZE_MAX && l < out->n && s0 < out->v[l].end) {
				struct inject_finding *f = &out->v[l];
				if (sc > f->score) {
					f->score = sc;
					f->start = s0;
					f->end = s1;
					free(f->detail);
					f->detail = NULL;
					size_t dl = strlen(p->src->family);
					f->detail = xmalloc(dl + 1);
					memcpy(f->detail, p->src->family, dl + 1);
				}
				continue;
			}
			ij_push(out, p->src->heur, s0, s1, sc, p->src->family, strlen(p->src->family));
			last[hid] = out->n - 1;
		}
	}
}
