/*
 * lexicon.c: word classes for the trained classifier (model.c).
 *
 * A hashed n-gram model learns the phrasings it saw; these classes carry
 * what a phrasing means across wordings and languages: "set aside",
 * "vergiss" and "忽略" are all IJ_C_IGNORE, "preamble", "Anweisungen" and
 * "指令" all IJ_C_INSTR. The model then learns "IGNORE ... INSTR" once
 * (model.c pairs the classes of nearby tokens) instead of once per verb and
 * noun and language.
 *
 * An entry is one or more words ("set aside", "from now on"); a trailing
 * '*' makes its last word a prefix ("instruct*"). Entries go through the
 * same folding as the input (norm.c), so accents, case and leetspeak never
 * need spelling out, and Han/kana words are sequences of one-character
 * tokens like the input's. A token gets the classes of every entry that
 * covers it (every entry starting at each token).
 *
 * The classes are an input of the weights: ij_lex_hash() (a hash of these
 * tables) is written into the weights file and checked on load, so weights
 * trained with another lexicon are refused rather than misread.
 *
 * Why one file: most of it is the word lists.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "filter/inject/inject_int.h"

struct lex_src {
	int cls;
	const char *words;
};

/* Languages in each list: en, de, fr, es, it, pt, nl, sv, cs, pl, ro, ru,
 * el, tr, id/tl, vi, ar, hi/bn, zh, ja, ko. */
static const struct lex_src LEX[] = {
	{ IJ_C_IGNORE,
	  "ignore|ignoring|ignored|disregard*|forget*|forgot|skip|bypass*|override*|overlook|neglect|"
	  "discard*|abandon|ditch|drop|scrap|dismiss|set aside|put aside|leave behind|never mind|"
	  "nevermind|throw out|throw away|erase|wipe|clear|void|cancel*|revoke*|circumvent|forgo|"
	  "scratch|toss|disobey|no longer follow|stop following|pay no attention|don t follow|"
	  "do not follow|ignor*|vergiss|vergesst|vergessen|missachte*|verwirf|umgehe*|uberspringe|"
	  "beachte nicht|oublie*|oublier|neglige*|contourne*|passe outre|fais abstraction|"
	  "olvida*|descarta*|omite|haz caso omiso|pasa por alto|desobedece|anula|dimentica*|trascura|"
	  "scarta|aggira|esqueca*|esquece*|desconsider*|negeer|vergeet|omzeil|glom|glomma|strunta i|"
	  "bortse fran|hoppa over|zapomen*|ignoruj*|nevsimej*|preskoc|zapomnij*|zignoruj*|pomin|"
	  "uita|ignora|игнорир*|проигнорир*|забудь*|отбрось*|пропусти*|отмени*|не обращай*|"
	  "αγνοησε|αγνοηστε|ξεχασε|ξεχαστε|παραβλεψε|yok say*|yoksay*|unut*|gormezden gel*|"
	  "abaikan|lupakan|lewati|abaikanlah|huwag pansinin|kalimutan|bo qua|quen di|phot lo|"
	  "تجاهل|انس|انسى|اترك|تخط|अनदेखा|भूल जाओ|भूल जाएं|नजरअंदाज|উপেক্ষা|ভুলে যাও|"
	  "忽略|无视|忽视|忘记|忘掉|跳过|放弃|無視|忘記|略過|抛开|拋開|绕过|不理会|"
	  "むし|忘れ|わすれ|破棄|무시*|잊어*|잊고" },
	{ IJ_C_PRIOR,
	  "previous*|prior|above|earlier|preceding|foregoing|former|original|initial|old|before|"
	  "so far|until now|up to now|beforehand|aforementioned|existing|current|given|default|"
	  "vorherig*|vorig*|obig*|bisherig*|fruher*|ursprunglich*|oben|zuvor|vorher|precedent*|"
	  "anterieur*|ci dessus|initiales|anterior*|previa*|previo*|arriba|iniciales|sopra|"
	  "precedenti|iniziali|acima|vorige|voorgaande|bovenstaande|eerdere|tidigare|ovan|"
	  "foregaende|ursprungliga|predchozi*|vyse|puvodni|poprzedni*|powyzsz*|wczesniejsz*|"
	  "anterioare|de mai sus|предыдущ*|прежн*|выше|ранее|исходн*|изначальн*|προηγουμεν*|"
	  "παραπανω|αρχικ*|onceki|yukaridaki|eski|sebelumnya|di atas|sebelum|awal|nakaraan|"
	  "truoc do|phia tren|ban dau|السابقة|السابق|أعلاه|الأصلية|पिछले|पिछली|ऊपर|पहले|"
	  "পূর্ববর্তী|আগের|之前|以前|先前|上面|上述|以上|前面|原来|原始|前の|これまで|今まで|上記|"
	  "先ほど|最初の|元の|이전*|앞의|위의|기존*|원래*" },
	{ IJ_C_INSTR,
	  "instruct*|prompt*|rule|rules|direction*|guideline*|directive*|command*|polic*|order|"
	  "orders|restriction*|constraint*|programming|guardrail*|safeguard*|training|context|"
	  "preamble|configuration|config|setup|briefing|guidance|brief|protocol*|limitation*|"
	  "principles|conditioning|framing|message|messages|setting|settings|persona|"
	  "anweisung*|instruktion*|befehl*|regeln|richtlinie*|vorgabe*|vorschrift*|einschrankung*|"
	  "consigne*|regle*|directive*|indication*|instruccion*|indicacion*|regla*|directriz|"
	  "directrices|norma*|istruzion*|regol*|direttiv*|instruc*|regra*|diretriz*|orientac*|"
	  "instructie*|aanwijzing*|regels|opdracht*|instruktion*|regler|anvisning*|riktlinje*|"
	  "pokyn*|instrukc*|pravidl*|polecen*|zasad*|wytyczn*|instructiun*|reguli|"
	  "инструкц*|указани*|правил*|команд*|ограничени*|директив*|промпт*|установк*|"
	  "οδηγι*|κανον*|εντολ*|talimat*|kural*|yonerge*|komut*|istem*|instruksi|perintah|aturan|"
	  "arahan|petunjuk|tagubilin|utos|patakaran|huong dan|chi dan|chi thi|quy tac|lenh|"
	  "التعليمات|تعليمات|القواعد|الأوامر|توجيهات|निर्देश|निर्देशों|नियम|आदेश|নির্দেশ*|নিয়ম|"
	  "指令|指示|说明|說明|规则|規則|命令|提示|设定|設定|要求|限制|约束|約束|准则|準則|"
	  "ルール|プロンプト|制約|ガイドライン|지시*|명령*|규칙*|지침*|프롬프트*" },
	{ IJ_C_SYSTEM,
	  "system|systems|developer|developers|hidden|secret|internal|confidential|pre prompt|"
	  "preprompt|initial|underlying|backend|behind the scenes|meta|operator|private|invisible|"
	  "loaded|baked in|built in|preloaded|systemprompt*|systemanweisung*|versteckt*|geheim*|"
	  "systeme|cache*|sistema|oculta*|nascost*|segret*|systeem*|dold*|hemlig*|systemov*|"
	  "skryt*|tajn*|systemow*|ukryt*|sistemului|системн*|скрыт*|секретн*|внутренн*|"
	  "συστηματος|συστημα|κρυφ*|sistem|gizli|tersembunyi|rahasia|nakatago|he thong|bi mat|"
	  "النظام|المخفية|السرية|सिस्टम|छिपे|गुप्त|সিস্টেম|গোপন|系统|系統|隐藏|隱藏|秘密|内部|"
	  "システム|隠された|시스템|숨겨진|비밀" },
	{ IJ_C_REVEAL,
	  "reveal*|print*|show|shows|display*|output*|repeat*|tell|leak*|dump*|recite|disclose*|"
	  "expose*|spell out|type out|write out|read back|echo|copy|paste|quote|reproduce|"
	  "list|enumerate|return|share|give me|provide|divulge|regurgitate|transcribe|summarize|"
	  "summarise|paraphrase|what were you told|what were you given|what is written|"
	  "zeig*|gib*|verrate*|nenne|drucke|wiederhole|ausgeben|revele*|montre*|affiche*|"
	  "repete*|imprime*|donne*|muestra*|revela*|ensena|repite|dime|dame|rivela*|mostra*|"
	  "stampa|ripeti|dimmi|dammi|mostre|exiba|imprima|repita|diga|toon|herhaal|geef|visa|"
	  "skriv ut|upprepa|avsloja|berata|vypis*|zobraz*|ukaz*|zopakuj|prozrad*|pokaz|ujawnij|"
	  "wyswietl|wypisz|powtorz|podaj|afiseaza|arata|repeta|dezvaluie|покажи*|раскрой*|"
	  "выведи*|повтори*|напиши|сообщи|выдай|расскажи|δειξε|δειξτε|εμφανισε|επαναλαβε|"
	  "αποκαλυψε|γραψε|goster|yazdir|tekrarla|acikla|tunjukkan|tampilkan|ungkapkan|ulangi|"
	  "cetak|sebutkan|ipakita|ulitin|hien thi|in ra|lap lai|tiet lo|cho xem|اعرض|اطبع|كرر|"
	  "اكشف|أظهر|اكتب|दिखाओ|दिखाएं|प्रिंट|दोहराओ|बताओ|बताएं|প্রকাশ|দেখাও|显示|顯示|告诉|告訴|"
	  "透露|输出|輸出|打印|重复|重複|泄露|公开|列出|表示|教えて|見せて|出力|繰り返|書き出|"
	  "보여*|출력*|알려*|반복*|공개*" },
	{ IJ_C_VERBATIM,
	  "verbatim|word for word|exactly|everything|every word|entire|entirety|full|fully|"
	  "complete|completely|in full|raw|unredacted|unedited|unabridged|nothing left out|"
	  "without omitting|character by character|letter by letter|line by line|as is|"
	  "wortlich|vollstandig*|alles|mot pour mot|integralement|tout|textuellement|"
	  "palabra por palabra|literalmente|completo|todo|parola per parola|integralmente|"
	  "tutto|letterlijk|ordagrant|allt|doslovne|vse|doslownie|wszystko|cuvant cu cuvant|"
	  "дословно|полностью|всё|все|κατα λεξη|ολοκληρο|kelimesi kelimesine|tamamen|"
	  "kata demi kata|lengkap|semua|nguyen van|tat ca|حرفيا|حرفيًا|كاملة|शब्दशः|पूरा|"
	  "逐字|一字不差|完整|全部|原文|そのまま|一字一句|全文|그대로|전부" },
	{ IJ_C_ENCODE,
	  "base64|base 64|hex|hexadecimal|rot13|rot 13|binary|morse|ascii codes|unicode|encode*|"
	  "encoding|encrypted|cipher|reverse*|backwards|json|yaml|xml|code block|codeblock|"
	  "markdown|translate*|translation|pig latin|emoji|spell|spelled|acrostic|poem|"
	  "one letter per line|leetspeak|kodier*|ubersetz*|traduis|traduire|traduce|traduci|"
	  "traduz|vertaal|oversatt|prelozit|przetlumacz|переведи|закодируй|μεταφρασε|cevir|"
	  "terjemahkan|ترجم|अनुवाद|翻译|翻譯|编码|编码为|翻訳|번역*" },
	{ IJ_C_NEW,
	  "new|instead|now|from now on|henceforth|from this point|going forward|starting now|"
	  "hereafter|updated|revised|real|actual|true|only|replacement|latest|following|neu*|"
	  "stattdessen|jetzt|ab sofort|ab jetzt|nouvelle*|nouveau*|desormais|maintenant|a la place|"
	  "au lieu|nueva*|nuevo*|ahora|en su lugar|en cambio|nuov*|invece|adesso|ora|nova*|novo*|"
	  "agora|em vez|nieuwe|nu|vanaf nu|in plaats|nya|istallet|fran och med nu|misto|od ted|"
	  "zamiast|teraz|od teraz|acum|in schimb|нов*|вместо|теперь|отныне|τωρα|αντι|yeni|yerine|"
	  "artik|simdi|baru|sekarang|sebagai gantinya|bago|ngayon|thay vao do|bay gio|tu gio|جديدة|"
	  "جديد|بدلا|الآن|नया|नए|नई|अब|इसके बजाय|নতুন|এখন|新|新的|现在|現在|从现在开始|從現在開始|改为|而是|今から|これから|"
	  "代わりに|새로운|이제|이제부터|대신" },
	{ IJ_C_TASK,
	  "task|tasks|job|mission|role|goal|objective|purpose|assignment|duty|duties|"
	  "priority|priorities|agenda|aufgabe|auftrag|rolle|ziel|tache|mission|role|objectif|"
	  "tarea|mision|papel|objetivo|compito|ruolo|scopo|obiettivo|tarefa|missao|funcao|taak|"
	  "rol|doel|uppgift|roll|ukol|role|cil|zadanie|rola|cel|sarcina|rol|scop|задач*|"
	  "роль|цель|миссия|εργασια|ρολο|σκοπος|gorev|rol|amac|tugas|peran|tujuan|gawain|"
	  "nhiem vu|vai tro|muc tieu|مهمتك|مهمة|دورك|الهدف|कार्य|काम|भूमिका|लक्ष्य|কাজ|任务|任務|"
	  "工作|角色|目标|タスク|任務|役割|目的|작업*|임무*|역할*|목표*" },
	{ IJ_C_PERSONA,
	  "pretend*|act as|acting as|act like|behave as|behave like|roleplay*|role play*|persona|"
	  "character|simulate*|impersonate*|become|imagine|play the role|play the part|you are now|"
	  "you re now|you will be|you shall be|you have become|take on the role|embody|"
	  "alter ego|stay in character|in character|hypothetical|fictional world|"
	  "tu so als|verhalte dich|spiele|du bist jetzt|agis comme|fais comme si|joue le role|"
	  "tu es maintenant|actua como|finge*|ahora eres|agisci come|fingi|ora sei|aja como|finja|"
	  "agora voce e|doe alsof|gedraag je als|je bent nu|latsas|agera som|du ar nu|predstirej|"
	  "chovej se jako|ted jsi|udawaj|zachowuj sie jak|jestes teraz|prefa te|притворись|"
	  "веди себя как|теперь ты|представь|προσποιησου|υποκρινου|τωρα εισαι|gibi davran|"
	  "rol yap|artik sen|berpura pura|berperan sebagai|bertindak sebagai|sekarang kamu|"
	  "magpanggap|gia vo|dong vai|hay la|تظاهر|تصرف ك|أنت الآن|का नाटक|की तरह व्यवहार|"
	  "अब तुम|扮演|假装|假裝|充当|充當|你现在是|ふりをして|になりきって|演じて|振る舞|"
	  "척해*|역할을|연기*" },
	{ IJ_C_NORULES,
	  "dan|do anything now|unrestricted|unfiltered|uncensored|unmoderated|unbound|unchained|"
	  "unshackled|liberated|jailbreak*|jailbroken|amoral|immoral|unethical|evil|rogue|lawless|"
	  "no rules|no limits|no restrictions|no filters|no boundaries|no censorship|no ethics|"
	  "no morals|no guidelines|without restrictions|without rules|without limits|"
	  "without filters|without any|without ethics|without censorship|free from|freed from|"
	  "developer mode|dev mode|god mode|sudo mode|admin mode|debug mode|maintenance mode|"
	  "never refuse*|cannot refuse|can t refuse|won t refuse|not bound|no longer bound|"
	  "anything goes|limitless|no holds barred|uneingeschrankt*|ungefiltert*|unzensiert*|"
	  "ohne regeln|ohne einschrankungen|ohne filter|ohne grenzen|sans restriction*|sans limite*|"
	  "sans filtre*|sans regle*|sans censure|sin restriccion*|sin limite*|sin filtro*|"
	  "sin reglas|sin censura|senza restrizion*|senza limit*|senza filtr*|senza regol*|"
	  "sem restric*|sem limite*|sem filtro*|sem regras|zonder beperking*|zonder regels|"
	  "utan begransning*|utan regler|utan filter|bez omezeni|bez pravidel|bez ograniczen|"
	  "bez zasad|fara restrictii|fara reguli|без ограничений|без правил|без фильтров|"
	  "без цензуры|χωρις περιορισμους|χωρις κανονες|kisitlamasiz|kuralsiz|sinirsiz|"
	  "tanpa batasan|tanpa aturan|tanpa filter|walang limitasyon|walang patakaran|"
	  "khong gioi han|khong co quy tac|بدون قيود|بلا قيود|بدون قواعد|बिना किसी प्रतिबंध|"
	  "बिना नियम|कोई नियम नहीं|没有任何限制|没有限制|不受限制|无限制|越狱|越獄|没有规则|"
	  "制限のない|制限なし|無制限|脱獄|제한 없는|제한이 없는|무제한*|탈옥*" },
	{ IJ_C_REFUSE,
	  "refuse*|refusal*|decline|deny|denies|censor*|filter*|warning*|disclaimer*|apologi*|"
	  "sorry|moral*|ethic*|safety|harmful|inappropriate|offensive|illegal|content polic*|"
	  "guidelines|consequences|responsib*|ablehn*|verweiger*|refuser|negarte|rifiut*|recus*|"
	  "weiger*|vagra|odmit*|odmow*|refuza|отказ*|αρνη*|reddet*|menolak|tumanggi|tu choi|رفض|"
	  "मना|拒绝|拒絕|断る|거부*" },
	{ IJ_C_AI,
	  "the ai|an ai|any ai|dear ai|hey ai|ai model|ai models|ai assistant|ai system|ai agent|ai reading|ai tool|ai bot|ai chatbot|ai language model|ai processing|ai summarizing|ai summarising|ai that|ai which|ai who|ai s|to ai|a i|a i|assistant*|model|models|chatbot*|bot|llm|llms|gpt|chatgpt|claude|gemini|llama|"
	  "copilot|bard|language model|agent|agents|machine|algorithm|openai|anthropic|ki|"
	  "assistent*|sprachmodell|assistant|modele|asistente|modelo|assistente|modello|taalmodel|"
	  "asistent*|sprakmodell|jazykovy model|model jezykowy|ии|ии ассистент|ассистент|нейросеть|"
	  "модель|βοηθ*|μοντελο|yapay zeka|asistan|kecerdasan buatan|asisten|tri tue nhan tao|"
	  "tro ly|الذكاء الاصطناعي|المساعد|النموذج|एआई|सहायक|मॉडल|人工智能|助手|模型|机器人|アシスタント|モデル|인공지능|"
	  "어시스턴트|모델" },
	{ IJ_C_YOU,
	  "du bist|du hast|du musst|du sollst|du wirst|du kannst|bist du|hast du|you|your|yours|yourself|thou|dein*|dich|dir|sie|ihr*|tu|vous|votre|vos|tus|tu|usted|ti|"
	  "tuo|tua|tuoi|tue|voce|seu|sua|jij|jouw|uw|dig|ditt|dina|tvuj|tve|tvoje|twoj*|ti|tau|ты|"
	  "тебя|твои|твой|твоё|ваш*|вы|εσυ|σου|sen|senin|sana|kamu|anda|ikaw|iyong|ban|أنت|انت|لك|"
	  "تعليماتك|तुम|आप|तुम्हारे|आपके|তুমি|আপনি|你|你的|您|あなた|君|너|너의|당신*" },
	{ IJ_C_READER,
	  "reading|reads|processing|processes|summarizing|summarising|summarizes|parsing|parses|"
	  "reviewing|reviews|handling|analyzing|analysing|scanning|indexing|ingesting|screening|"
	  "evaluating|grading|ranking|sees this|see this|encounter*|lesen|liest|verarbeitet|"
	  "zusammenfass*|lisant|traite|resume|leyendo|procesa|resumiendo|legge|leggendo|elabora|"
	  "lendo|processa|leest|verwerkt|laser|bearbetar|zpracovava|czyta|przetwarza|citeste|"
	  "читает|читающ*|обрабатыва*|διαβαζει|okuyan|okuyor|isleyen|membaca|memproses|nagbabasa|"
	  "dang doc|xu ly|يقرأ|تقرأ|يعالج|पढ़ रहे|पढ़ने वाले|পড়ছ*|阅读|读到|處理|处理|読んで|처리*|읽는*" },
	{ IJ_C_ATTN,
	  "important|attention|note|notice|urgent|urgently|warning|priority|critical|must|"
	  "immediately|mandatory|required|override|alert|psa|reminder|nb|wichtig|achtung|hinweis|"
	  "dringend|sofort|important|attention|urgent|remarque|importante|atencion|urgente|nota|"
	  "attenzione|aviso|belangrijk|let op|viktigt|observera|dulezite|pozor|wazne|uwaga|"
	  "important|atentie|важно|внимание|срочно|σημαντικο|προσοχη|onemli|dikkat|acil|penting|"
	  "perhatian|segera|mahalaga|paalala|quan trong|chu y|هام|مهم|تنبيه|महत्वपूर्ण|ध्यान दें|"
	  "জরুরি|重要|注意|紧急|緊急|중요*|주의*" },
	{ IJ_C_EXFIL,
	  "send*|forward*|email|e mail|mail|post|upload*|click|visit|url|link|links|http|https|www|"
	  "exfiltrat*|transmit*|transfer*|redirect*|embed|append|insert|attach|webhook|endpoint|"
	  "image|img|curl|fetch|callback|recipient|schicke|sende|weiterleiten|envoie|envoyer|"
	  "transfere|envia|enviar|reenvia|invia|inoltra|encaminhe|stuur|skicka|posli|wyslij|"
	  "trimite|отправь|перешли|στειλε|gonder|ilet|kirim|kirimkan|ipadala|chuyen|أرسل|भेजें|"
	  "भेजो|পাঠাও|发送|發送|转发|送信|転送|보내*|전달*" },
	{ IJ_C_SECRET,
	  "password*|passwd|passcode|api key|apikey|credential*|token|tokens|secret*|ssn|"
	  "credit card|private key|access key|session|cookie*|auth|login|pin|keys|key|"
	  "passwort|kennwort|zugangsdaten|mot de passe|contrasena|clave|parola|senha|wachtwoord|"
	  "losenord|heslo|haslo|parola|пароль|ключ|κωδικο*|sifre|kata sandi|mat khau|"
	  "كلمة المرور|पासवर्ड|密码|密碼|パスワード|비밀번호" },
	{ IJ_C_AUTH,
	  "authoriz*|authoris*|admin|administrator|root|sudo|superuser|openai|anthropic|"
	  "researcher|creator|creators|your developer|your developers|owner|operator|official|"
	  "supervisor|red team*|security team|engineer|staff|ceo|permission|clearance|"
	  "elevated|privileged|verified|override code|access level|admin*|entwickler|"
	  "autorise*|autorizad*|autorizzat*|geautoriseerd|behorig|opravnen*|uprawnion*|"
	  "администратор|разработчик|διαχειριστ*|yonetici|gelistirici|pengembang|nha phat trien|"
	  "المطور|المسؤول|डेवलपर|管理员|管理員|开发者|開發者|管理者|開発者|관리자|개발자" },
	{ IJ_C_STOP,
	  "stop|halt|cease|abort|terminate|end|enough|pause|quit|discontinue|interrupt|that s enough|"
	  "no more|drop everything|hor auf|stopp*|beende|arrete*|cesse|deten|basta|ferma*|"
	  "interrompi|pare|stop|sluta|avbryt|prestan|przestan|zatrzymaj|opreste|стоп|остановись|"
	  "хватит|прекрати|σταματα|stop|dur|durdur|yeter|berhenti|hentikan|tumigil|dung lai|"
	  "توقف|रुको|बंद करो|থামো|停止|停下|够了|止めて|やめて|멈춰*|중지*" },
	{ IJ_C_FOLLOW,
	  "follow|follows|obey|obeys|comply|complies|adhere|listen|execute|carry out|perform|"
	  "do as|respond|reply|answer|say|write|output only|respond only|reply only|"
	  "befolge|folge|gehorche|antworte|schreib*|suis|obeis|reponds|ecris|sigue|obedece|"
	  "responde|escribe|segui|obbedisci|rispondi|scrivi|siga|obedeca|responda|escreva|volg|"
	  "antwoord|schrijf|folj|svara|skriv|poslechni|odpovez|napis|wykonaj|odpowiedz|napisz|"
	  "urmeaza|raspunde|scrie|следуй|подчиняйся|ответь|отвечай|напиши|ακολουθησε|απαντησε|"
	  "γραψε|cevap ver|yaz|ikuti|patuhi|jawab|tulis|sundin|sumagot|isulat|lam theo|tra loi|"
	  "اتبع|أجب|اكتب|पालन|जवाब दो|लिखो|অনুসরণ|উত্তর|遵循|遵守|服从|回答|只回答|写|従|答え|"
	  "書いて|따르*|대답*|작성*" },
	{ IJ_C_SELF,
	  "i|i m|i ve|i d|me|my|mine|myself|we|our|us|ich|mein*|mir|mich|wir|unser*|je|nous|"
	  "notre|yo|nosotros|nuestro*|mio|mia|miei|noi|nostro|meu|minha|nosso*|ik|mijn|wij|ons|jag|"
	  "mitt|muj|moje|my|moj*|meu|noi|я|мой|моё|моя|мои|мы|наш*|εγω|μου|εμεις|ben|benim|biz|"
	  "saya|aku|kami|kita|ako|namin|chung toi|أنا|نحن|मैं|मेरा|मेरे|हम|আমি|আমার|我|我的|我们|私|僕|저|"
	  "제|우리" },
	{ IJ_C_USER,
	  "user|users|human|humans|requester|customer|client|the person|the reader|candidate|"
	  "applicant|sender|benutzer|nutzer|utilisateur|usuario|utente|utilizador|gebruiker|"
	  "anvandare|uzivatel|uzytkownik|utilizator|пользовател*|χρηστ*|kullanici|pengguna|"
	  "gumagamit|nguoi dung|المستخدم|उपयोगकर्ता|ব্যবহারকারী|用户|用戶|ユーザー|사용자" },
	{ IJ_C_HARM,
	  "bomb*|explosive*|weapon*|malware|ransomware|virus|keylogger|exploit*|hack|hacking|"
	  "meth|methamphetamine|drugs|poison*|kill*|murder|steal*|phishing|launder*|counterfeit|"
	  "illegal|napalm|nerve agent|bioweapon|ddos|botnet|fraud|scam|evade taxes|shoplift*|"
	  "bombe|waffe*|droge*|arme*|drogue*|bomba|arma*|droga*|veleno|veneno|бомб*|оружи*|"
	  "наркотик*|взлом*|βομβ*|bomba|silah|uyusturucu|senjata|narkoba|قنبلة|سلاح|बम|हथियार|"
	  "炸弹|武器|毒品|爆弾|폭탄*" },
	{ IJ_C_NEG,
	  "not|never|no|don t|do not|dont|doesn t|won t|cannot|can t|without|none|nothing|neither|"
	  "nicht|nie|kein*|ne|pas|jamais|sans|no|nunca|sin|non|senza|nao|sem|niet|nooit|geen|inte|"
	  "aldrig|utan|ne|nikdy|bez|nie|nigdy|nu|niciodata|fara|не|никогда|без|δεν|μην|ποτε|degil|"
	  "asla|tidak|jangan|bukan|hindi|huwag|khong|لا|ليس|لن|नहीं|मत|না|不|不要|别|没有|ない|しない|않*|말고|"
	  "없*" },
	{ IJ_C_DOC,
	  "email|e mail|review|resume|cv|ticket|document|page|article|comment|row|cell|chunk|"
	  "file|attachment|invoice|report|webpage|website|post|listing|product|note|notes|"
	  "transcript|pdf|spreadsheet|csv|table|snippet|excerpt|footer|header|metadata|"
	  "alt text|html|readme|description|bewerbung|lebenslauf|rechnung|avis|cv|factura|"
	  "resena|recensione|fattura|curriculo|avaliacao|beoordeling|recension|recenze|"
	  "recenzja|отзыв|резюме|письмо|документ|κριτικη|yorum|ulasan|dokumen|danh gia|"
	  "مراجعة|رسالة|समीक्षा|评论|邮件|简历|レビュー|メール|리뷰|이메일" },
	{ IJ_C_BOUNDARY,
	  "end of|begin|beginning of|start of|end|user input|new session|session|conversation|"
	  "context window|above this line|this line|below|following text|the text above|"
	  "the above|everything above|all of the above|the rest|hereafter|"
	  "separator|delimiter|closing|system message|system note|system override|"
	  "assistant|im start|im end|inst|sys|endoftext" },
	{ IJ_C_GIVEN,
	  "told|taught|instructed|programmed|briefed|preloaded|were you told|were given|"
	  "you were given|you were told|you received|you have been given|you ve been given|"
	  "before i arrived|before this conversation|before we started|"
	  "bekommen hast|erhalten hast|gesagt wurde|programmiert|qu on t a donnees|qu on t a dit|"
	  "que te dieron|que te dijeron|programado|che ti hanno dato|che ti hanno detto|"
	  "programmato|que te deram|que te disseram|programado|die je hebt gekregen|"
	  "du fick|som du fick|ktera jsi dostal|ktore otrzymales|care ti au fost date|"
	  "которые тебе дали|тебе сказали|что тебе сказали|запрограммирован*|που σου δοθηκαν|"
	  "που σου δόθηκαν|sana verilen|sana soylenen|yang diberikan kepadamu|yang diberikan kepadamu|"
	  "na ibinigay sa iyo|được giao cho bạn|bạn được bảo|أعطيت لك|التي أعطيت لك|قيل لك|"
	  "तुम्हें दिए गए|आपको दिए गए|तुम्हें बताया गया|তোমাকে দেওয়া|被告知|被设定|给你的|你被设定|"
	  "与えられた|言われた|받은 지시|주어진" },
	{ IJ_C_CONCEAL,
	  "do not mention|don t mention|never mention|without mentioning|do not tell|don t tell|"
	  "without telling|do not reveal this|keep this secret|keep it secret|secretly|silently|"
	  "quietly|covertly|discreetly|hide this|do not disclose|do not acknowledge|"
	  "do not say that|pretend you did not|without the user knowing|the user must not know|"
	  "do not inform|nicht erwahnen|erwahne nicht|heimlich|ne mentionne pas|secretement|"
	  "en secreto|no menciones|non menzionare|segretamente|nao mencione|secretamente|"
	  "vermeld niet|namn inte|hemligt|nezminuj|nie wspominaj|не упоминай|тайно|"
	  "μην αναφερεις|μην αναφέρεις|bahsetme|diam diam|jangan sebutkan|huwag banggitin|"
	  "đừng nhắc|لا تذكر|سرا|जिक्र मत|गुप्त रूप से|不要提及|不要提到|悄悄|秘密地|言及しないで|"
	  "こっそり|언급하지 마*|몰래" },
	{ IJ_C_META,
	  "attack*|attacker*|injection*|jailbreak*|researcher*|research|vulnerab*|exploit*|cve|"
	  "example|examples|such as|e g|for instance|paper|study|studies|technique*|adversar*|"
	  "red team*|security|phishing|threat*|mitigat*|defen*|malicious|payload*|owasp|"
	  "incident|advisory|patched|demonstrat*|showed|reported|describes|described|"
	  "angriff*|beispiel|sicherheit*|attaque*|exemple|securite|ataque*|ejemplo|seguridad|"
	  "attacc*|esempio|sicurezza|exemplo|seguranca|aanval*|voorbeeld|beveiliging|attack|"
	  "exempel|sakerhet|utok*|priklad|bezpecnost|atak*|przyklad|bezpieczenstw*|atac*|"
	  "exemplu|securitate|атак*|пример|безопасност*|επιθεσ*|παραδειγμα|saldiri*|ornek|"
	  "guvenlik|serangan|contoh|keamanan|pag atake|halimbawa|tấn công|ví dụ|bảo mật|"
	  "هجوم|الهجوم|مثال|الأمن|हमला|उदाहरण|सुरक्षा|আক্রমণ|攻击|攻擊|例如|安全|注入|攻撃|"
	  "インジェクション|例えば|セキュリティ|공격*|예를 들어|보안|인젝션" },
	/* the same classes spelled with the diacritics the fold keeps
	 * (Vietnamese, Greek tonos, Romanian comma-below letters) */
	{ IJ_C_IGNORE, "bỏ qua|quên đi|quên|phớt lờ|αγνόησε|αγνοήστε|ξέχασε|ξεχάστε|παράβλεψε|uită|ignoră" },
	{ IJ_C_PRIOR, "trước đó|trước|phía trên|ở trên|ban đầu|προηγούμεν*|παραπάνω|αρχικ*|anterioare|de mai sus" },
	{ IJ_C_INSTR, "hướng dẫn|chỉ dẫn|chỉ thị|quy tắc|lệnh|yêu cầu|οδηγί*|κανόν*|εντολ*|instrucțiun*|reguli" },
	{ IJ_C_SYSTEM, "hệ thống|bí mật|ẩn giấu|συστήματος|σύστημα|κρυφ*|sistemului" },
	{ IJ_C_REVEAL, "hiển thị|in ra|lặp lại|tiết lộ|cho xem|cho tôi xem|δείξε|δείξτε|εμφάνισε|επανάλαβε|"
	  "αποκάλυψε|γράψε|afișează|arată|repetă|dezvăluie" },
	{ IJ_C_VERBATIM, "nguyên văn|từng chữ|tất cả|toàn bộ|κατά λέξη|ολόκληρο|cuvânt cu cuvânt" },
	{ IJ_C_ENCODE, "dịch sang|dịch ra|mã hóa|μετάφρασε|traduceți|tradu" },
	{ IJ_C_NEW,
	  "thay vào đó|bây giờ|từ giờ|từ bây giờ|τώρα|αντί|acum|în schimb|în loc" },
	{ IJ_C_TASK, "nhiệm vụ|vai trò|mục tiêu|εργασία|ρόλο|σκοπός|sarcină|rol|scop" },
	{ IJ_C_PERSONA, "giả vờ|đóng vai|hãy là|προσποιήσου|υποκρίνου|τώρα είσαι|prefă te|joacă rolul" },
	{ IJ_C_NORULES, "không giới hạn|không có quy tắc|không bị giới hạn|χωρίς περιορισμούς|χωρίς κανόνες|"
	  "fără restricții|fără reguli" },
	{ IJ_C_REFUSE, "từ chối|αρνήσ*|refuză" },
	{ IJ_C_AI,
	  "trí tuệ nhân tạo|trợ lý|mô hình|βοηθ*|μοντέλο|τεχνητή νοημοσύνη|asistentul" },
	{ IJ_C_YOU,
	  "bạn|εσύ|σου|tău|tale" },
	{ IJ_C_READER,
	  "đang đọc|xử lý|διαβάζει|citește" },
	{ IJ_C_ATTN, "quan trọng|chú ý|khẩn cấp|σημαντικό|προσοχή|atenție" },
	{ IJ_C_EXFIL,
	  "chuyển tiếp|στείλε|trimite" },
	{ IJ_C_SECRET, "mật khẩu|κωδικό*|parolă" },
	{ IJ_C_AUTH, "nhà phát triển|quản trị viên|διαχειριστ*|administrator" },
	{ IJ_C_STOP, "dừng lại|σταμάτα|oprește" },
	{ IJ_C_FOLLOW, "làm theo|tuân theo|trả lời|viết|ακολούθησε|απάντησε|urmează|răspunde" },
	{ IJ_C_SELF,
	  "chúng tôi|εγώ|μου|εμείς" },
	{ IJ_C_USER, "người dùng|χρήστη|χρήστης|utilizatorul" },
	{ IJ_C_NEG,
	  "không|δεν|μην|ποτέ|fără" },
	{ IJ_C_DOC, "đánh giá|email|κριτική|recenzie" },
};

#define NLEX (sizeof(LEX) / sizeof(LEX[0]))

/* The table: 64-bit keys of folded token sequences (words joined by one
 * space); a key is present with a class mask (an entry ends here) and/or
 * with the "more" bit (a longer entry continues). Prefix entries ("instruc*")
 * sit in a second table keyed by the folded prefix. */
struct slot {
	uint64_t key; /* 0: empty */
	uint32_t mask;
	uint32_t more;
};

#define TBITS 15
#define TSIZE (1u << TBITS)
#define MAXW 8

static struct slot *tab, *ptab;
/* A filter of 2^17 bits before the tables: most tokens start no entry and
 * most prefixes are none, and a probe of the tables (1 MB) misses the
 * cache where this (16 KB) does not. */
static uint64_t bloom[2048];
#define BLOOM_BIT(k) ((k) >> 47)
static void bloom_add(uint64_t k)
{
	bloom[BLOOM_BIT(k) >> 6] |= 1ull << (BLOOM_BIT(k) & 63);
}
static int bloom_has(uint64_t k)
{
	return bloom[BLOOM_BIT(k) >> 6] >> (BLOOM_BIT(k) & 63) & 1;
}
static uint32_t plens; /* bit k: some prefix entry is k bytes long (k < 32) */
/* The first PK bytes of every prefix entry's last word (after the words
 * before it) are in the bloom filter too, so a token no prefix entry can
 * start skips the probes of every length. */
static size_t PK = 3;
#define KSALT 0x3c3c000000000000ull
static uint32_t lex_hash;
static pthread_once_t lex_once = PTHREAD_ONCE_INIT;

static uint64_t h64(uint64_t h, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 0x100000001b3ull;
	return h;
}

#define H0 0xcbf29ce484222325ull
#define PSALT 0x5a5a000000000000ull /* prefix keys: other bloom bits */

static uint64_t fin(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h | 1;
}

static struct slot *find(struct slot *t, uint64_t k, int add)
{
	size_t i = (size_t)(k >> 7) & (TSIZE - 1);
	for (size_t probes = 0; probes < TSIZE; probes++) {
		if (t[i].key == k)
			return &t[i];
		if (!t[i].key) {
			if (!add)
				return NULL;
			t[i].key = k;
			return &t[i];
		}
		i = (i + 1) & (TSIZE - 1);
	}
	return NULL; /* full: cannot happen with these tables */
}

static void add_entry(int cls, const char *a, size_t an)
{
	int prefix = an && a[an - 1] == '*';
	struct ij_text t;
	ij_text_build(&t, a, an - (size_t)prefix);
	if (t.ntok == 0 || t.ntok > MAXW) {
		ij_text_release(&t);
		return;
	}
	uint64_t h = H0;
	for (size_t k = 0; k < t.ntok; k++) {
		if (k)
			h = h64(h, " ", 1);
		uint64_t h0 = h; /* before this word */
		h = h64(h, t.norm.p + t.tok[k].off, t.tok[k].len);
		int last = k + 1 == t.ntok;
		if (last && prefix) {
			if (t.tok[k].len >= 32)
				break;
			/* a prefix entry of several words: the words before it are
			 * a continuation in the main table */
			struct slot *s = find(ptab, fin(h) ^ PSALT, 1);
			if (s)
				s->mask |= 1u << cls;
			bloom_add(fin(h) ^ PSALT);
			/* its first 1..3 bytes, for the filter of match_at() */
			uint64_t hk = h0;
			for (size_t b = 0; b < 3 && b < t.tok[k].len; b++) {
				hk = h64(hk, t.norm.p + t.tok[k].off + b, 1);
				bloom_add(fin(hk) ^ KSALT ^ ((uint64_t)(b + 1) << 40));
			}
			if (t.tok[k].len < PK)
				PK = t.tok[k].len;
			plens |= 1u << t.tok[k].len;
		} else {
			struct slot *s = find(tab, fin(h), 1);
			bloom_add(fin(h));
			if (s) {
				if (last)
					s->mask |= 1u << cls;
				else
					s->more = 1;
			}
		}
	}
	ij_text_release(&t);
}

/* The whole-word entries of each class as written (prefix entries left
 * out), for the trainer's class-preserving substitutions. */
static const char **words[IJ_NCLASS];
static size_t nwords[IJ_NCLASS];

static void keep_word(int cls, const char *a, size_t an)
{
	if (!an || a[an - 1] == '*')
		return;
	char *w = malloc(an + 1);
	const char **nv = realloc(words[cls], (nwords[cls] + 1) * sizeof(*nv));
	if (!w || !nv)
		abort();
	memcpy(w, a, an);
	w[an] = 0;
	nv[nwords[cls]++] = w;
	words[cls] = nv;
}

static void build(void)
{
	ij_phrases_init(); /* the folding's segmentation vocabulary */
	tab = calloc(TSIZE, sizeof(*tab));
	ptab = calloc(TSIZE, sizeof(*ptab));
	if (!tab || !ptab)
		abort();
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < NLEX; i++) {
		h = (h ^ (uint32_t)LEX[i].cls) * 16777619u;
		for (const char *p = LEX[i].words; *p; p++)
			h = (h ^ (unsigned char)*p) * 16777619u;
		const char *p = LEX[i].words;
		for (;;) {
			const char *e = strchr(p, '|');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			if (len) {
				add_entry(LEX[i].cls, p, len);
				keep_word(LEX[i].cls, p, len);
			}
			if (!e)
				break;
			p = e + 1;
		}
	}
	lex_hash = h ? h : 1;
}

void ij_lex_init(void)
{
	pthread_once(&lex_once, build);
}

uint32_t ij_lex_hash(void)
{
	ij_lex_init();
	return lex_hash;
}

const char *ij_lex_word(unsigned cls, size_t i)
{
	ij_lex_init();
	return cls < IJ_NCLASS && i < nwords[cls] ? words[cls][i] : NULL;
}

/* Every entry starting at token i: its classes go to each token it covers
 * ("du bist" YOU and "du bist jetzt" PERSONA both count). */
static void match_at(const struct ij_text *t, size_t i, uint32_t *cls)
{
	uint64_t h = H0;
	for (size_t k = 0; k < MAXW && i + k < t->ntok; k++) {
		const struct ij_tok *tk = &t->tok[i + k];
		const char *w = t->norm.p + tk->off;
		if (k)
			h = h64(h, " ", 1);
		/* prefix entries ending at this token */
		int maybe = plens != 0;
		if (maybe && PK > 0) {
			size_t kk = PK < tk->len ? PK : tk->len;
			uint64_t hk = h64(h, w, kk);
			maybe = kk > 0 && bloom_has(fin(hk) ^ KSALT ^ ((uint64_t)kk << 40));
		}
		if (maybe) {
			uint64_t ph = h;
			size_t lim = tk->len < 32 ? tk->len : 31;
			for (size_t L = 1; L <= lim; L++) {
				ph = h64(ph, w + L - 1, 1);
				if (!(plens >> L & 1))
					continue;
				uint64_t pk = fin(ph) ^ PSALT;
				if (!bloom_has(pk))
					continue;
				const struct slot *s = find(ptab, pk, 0);
				if (s && s->mask)
					for (size_t c = 0; c <= k; c++)
						cls[i + c] |= s->mask;
			}
		}
		h = h64(h, w, tk->len);
		uint64_t key = fin(h);
		const struct slot *s = bloom_has(key) ? find(tab, key, 0) : NULL;
		if (!s)
			break;
		if (s->mask)
			for (size_t c = 0; c <= k; c++)
				cls[i + c] |= s->mask;
		if (!s->more)
			break;
	}
}

void ij_lex_classes(const struct ij_text *t, uint32_t *cls)
{
	ij_lex_init();
	for (size_t i = 0; i < t->ntok; i++)
		cls[i] = 0;
	for (size_t i = 0; i < t->ntok; i++)
		match_at(t, i, cls);
}
