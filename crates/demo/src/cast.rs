//! Who is in the demo: the people writing to the shop's bot, in the four
//! languages the bot speaks, the support team, and what they say.
//!
//! The shop is made up; the words are what people write to a shop's
//! support. Each language has the same ten problems (`Topic`), so the month
//! and the live messages read alike in every language.

/// The demo bot's token: a made-up one the simulated Telegram accepts.
pub const TOKEN: &str = "7000000001:DEMO-simulated-telegram-no-real-token";

/// A language the bot speaks, and what people write in it.
pub struct Lang {
    /// The shipped language's code (`locales/<code>`).
    pub code: &'static str,
    pub topics: [Topic; 10],
    /// Written to a ticket that waits for an answer.
    pub chasers: [&'static str; 4],
    /// Written after an answer that solved it.
    pub thanks: [&'static str; 3],
    /// A comment on the help, after rating it.
    pub comments: [&'static str; 3],
}

/// One problem: how a person opens it, what the team answers, what the
/// person says back.
pub struct Topic {
    pub opens: &'static str,
    pub answer: &'static str,
    pub back: &'static str,
}

/// The problem people send a photo of.
pub const PHOTO_TOPIC: usize = 6;

const fn t(opens: &'static str, answer: &'static str, back: &'static str) -> Topic {
    Topic {
        opens,
        answer,
        back,
    }
}

pub const EN: Lang = Lang {
    code: "en",
    topics: [
        t(
            "Hi, my order #4821 still hasn't arrived, it's been 9 days.",
            "Sorry for the wait! I checked with the courier: it's at your local depot and should arrive tomorrow.",
            "Great, thank you!",
        ),
        t(
            "I sent the headphones back two weeks ago. When do I get my money?",
            "Your refund went out today. Banks usually take 3 to 5 working days to show it.",
            "OK, I'll keep an eye on it.",
        ),
        t(
            "I can't log in, the password reset email never comes.",
            "Please look in your spam folder; I've also just sent you a new link.",
            "Found it in spam, it works now. Thanks!",
        ),
        t(
            "The jacket is size M but I ordered L. Can I swap it?",
            "Of course! I've emailed you a free return label, and the L goes out as soon as the parcel reaches us.",
            "Perfect, I'll post it tomorrow.",
        ),
        t(
            "I was charged twice for the same order!",
            "I can see both payments. The second one is cancelled and will disappear from your account within a few days.",
            "Phew, thanks for sorting it out.",
        ),
        t(
            "The app closes every time I open the cart.",
            "Thanks for telling us! Which phone and app version do you have?",
            "iPhone 12, app version 3.4.1.",
        ),
        t(
            "The box arrived crushed and the mug inside is broken. Here is a photo.",
            "I'm so sorry! A new mug goes out today, no need to send the broken one back.",
            "That's very kind, thank you.",
        ),
        t(
            "Can I still change the delivery address? I've just moved.",
            "Yes, it hasn't shipped yet. Send me the new address and I'll change it.",
            "It's 14 Park Lane, Leeds LS1 4AB.",
        ),
        t(
            "The discount code SPRING20 says it's invalid.",
            "That code ended on Sunday, sorry! Here is one that works until Friday: SPRING20B.",
            "It worked, thanks!",
        ),
        t(
            "I need an invoice with my company's name for order #5310.",
            "Done: the invoice is in your email, made out to your company.",
            "Got it, thank you.",
        ),
    ],
    chasers: [
        "Hello? Is anyone there?",
        "Any news on this?",
        "Just checking in, I'm still waiting.",
        "Also, I'm at home all day tomorrow if that helps.",
    ],
    thanks: [
        "Thanks, that helps!",
        "Thank you so much!",
        "Great, thanks for the quick answer.",
    ],
    comments: [
        "Quick and friendly, thank you!",
        "Took a while, but it's solved.",
        "Very helpful.",
    ],
};

pub const ES: Lang = Lang {
    code: "es",
    topics: [
        t(
            "Hola, mi pedido #4821 todavía no ha llegado y ya pasaron 9 días.",
            "¡Perdona la espera! Lo he consultado con la empresa de transporte: está en tu oficina local y debería llegar mañana.",
            "¡Genial, gracias!",
        ),
        t(
            "Devolví los auriculares hace dos semanas. ¿Cuándo me devolvéis el dinero?",
            "El reembolso salió hoy. Los bancos suelen tardar de 3 a 5 días hábiles en mostrarlo.",
            "Vale, estaré atento.",
        ),
        t(
            "No puedo entrar, nunca me llega el correo para cambiar la contraseña.",
            "Mira en la carpeta de spam, por favor; también te acabo de enviar un enlace nuevo.",
            "Estaba en spam, ya funciona. ¡Gracias!",
        ),
        t(
            "La chaqueta es talla M pero pedí la L. ¿Puedo cambiarla?",
            "¡Claro! Te he enviado por correo una etiqueta de devolución gratuita; la L sale en cuanto nos llegue el paquete.",
            "Perfecto, la envío mañana.",
        ),
        t(
            "¡Me habéis cobrado dos veces el mismo pedido!",
            "Veo los dos pagos. El segundo está anulado y desaparecerá de tu cuenta en unos días.",
            "Uf, gracias por arreglarlo.",
        ),
        t(
            "La aplicación se cierra cada vez que abro el carrito.",
            "¡Gracias por avisarnos! ¿Qué teléfono y qué versión de la aplicación tienes?",
            "Un Samsung A52, versión 3.4.1.",
        ),
        t(
            "La caja llegó aplastada y la taza de dentro está rota. Aquí tenéis una foto.",
            "¡Lo siento mucho! Hoy sale una taza nueva, no hace falta devolver la rota.",
            "Muy amables, gracias.",
        ),
        t(
            "¿Todavía puedo cambiar la dirección de entrega? Me acabo de mudar.",
            "Sí, aún no ha salido. Envíame la nueva dirección y la cambio.",
            "Calle Mayor 12, 3.º B, 28013 Madrid.",
        ),
        t(
            "El código de descuento SPRING20 dice que no es válido.",
            "Ese código terminó el domingo, ¡perdona! Aquí tienes uno que vale hasta el viernes: SPRING20B.",
            "¡Funcionó, gracias!",
        ),
        t(
            "Necesito una factura a nombre de mi empresa para el pedido #5310.",
            "Hecho: tienes la factura en tu correo, a nombre de tu empresa.",
            "Recibida, gracias.",
        ),
    ],
    chasers: [
        "¿Hola? ¿Hay alguien?",
        "¿Alguna novedad?",
        "Sigo esperando, ¿me podéis decir algo?",
        "Por cierto, mañana estoy en casa todo el día.",
    ],
    thanks: [
        "¡Gracias, me ayuda mucho!",
        "¡Muchísimas gracias!",
        "Genial, gracias por la respuesta tan rápida.",
    ],
    comments: [
        "Rápidos y amables, ¡gracias!",
        "Tardaron un poco, pero lo resolvieron.",
        "Muy útil.",
    ],
};

pub const RU: Lang = Lang {
    code: "ru",
    topics: [
        t(
            "Здравствуйте, мой заказ №4821 до сих пор не пришёл, уже 9 дней.",
            "Простите за ожидание! Я уточнил у курьерской службы: посылка в вашем пункте выдачи, завтра её доставят.",
            "Отлично, спасибо!",
        ),
        t(
            "Я вернул наушники две недели назад. Когда вернутся деньги?",
            "Возврат отправлен сегодня. Банку обычно нужно 3–5 рабочих дней, чтобы он появился.",
            "Хорошо, буду следить.",
        ),
        t(
            "Не могу войти: письмо для сброса пароля так и не приходит.",
            "Проверьте, пожалуйста, папку «Спам»; я также только что отправил новую ссылку.",
            "Нашлось в спаме, всё работает. Спасибо!",
        ),
        t(
            "Куртка пришла размера M, а я заказывал L. Можно обменять?",
            "Конечно! Я отправил вам на почту бесплатную этикетку для возврата, а L вышлем, как только посылка будет у нас.",
            "Отлично, завтра отправлю.",
        ),
        t(
            "С меня дважды списали деньги за один заказ!",
            "Вижу оба платежа. Второй отменён и исчезнет со счёта в течение нескольких дней.",
            "Фух, спасибо, что разобрались.",
        ),
        t(
            "Приложение закрывается каждый раз, когда я открываю корзину.",
            "Спасибо, что сообщили! Какой у вас телефон и какая версия приложения?",
            "Xiaomi Redmi Note 11, версия 3.4.1.",
        ),
        t(
            "Коробка пришла помятой, кружка внутри разбита. Вот фото.",
            "Очень жаль! Новую кружку отправим сегодня, разбитую возвращать не нужно.",
            "Очень любезно, спасибо.",
        ),
        t(
            "Можно ещё поменять адрес доставки? Я только что переехал.",
            "Да, заказ ещё не отправлен. Напишите новый адрес, и я его поменяю.",
            "Москва, ул. Ленина, д. 5, кв. 12.",
        ),
        t(
            "Промокод SPRING20 пишет, что недействителен.",
            "Этот код закончился в воскресенье, извините! Вот код, который действует до пятницы: SPRING20B.",
            "Сработало, спасибо!",
        ),
        t(
            "Нужен счёт на мою компанию для заказа №5310.",
            "Готово: счёт на вашу компанию у вас на почте.",
            "Получил, спасибо.",
        ),
    ],
    chasers: [
        "Здравствуйте? Есть кто-нибудь?",
        "Есть новости?",
        "Всё ещё жду ответа.",
        "Кстати, завтра я весь день дома.",
    ],
    thanks: [
        "Спасибо, это помогло!",
        "Большое спасибо!",
        "Отлично, спасибо за быстрый ответ.",
    ],
    comments: [
        "Быстро и вежливо, спасибо!",
        "Долго, но решили.",
        "Очень помогли.",
    ],
};

pub const AR: Lang = Lang {
    code: "ar",
    topics: [
        t(
            "مرحبًا، طلبي رقم 4821 لم يصل بعد، مرّت 9 أيام.",
            "نعتذر عن التأخير! تحققت من شركة الشحن: الطرد في المستودع القريب منك وسيصل غدًا.",
            "رائع، شكرًا!",
        ),
        t(
            "أرجعت السماعات قبل أسبوعين. متى سأسترد المبلغ؟",
            "أُرسل المبلغ اليوم. عادةً تحتاج البنوك من 3 إلى 5 أيام عمل لإظهاره.",
            "حسنًا، سأتابع.",
        ),
        t(
            "لا أستطيع تسجيل الدخول، رسالة إعادة تعيين كلمة المرور لا تصل أبدًا.",
            "يرجى التحقق من مجلد الرسائل غير المرغوب فيها، وقد أرسلت لك رابطًا جديدًا الآن.",
            "وجدتها هناك، كل شيء يعمل الآن. شكرًا!",
        ),
        t(
            "وصلتني السترة بمقاس M وقد طلبت L. هل يمكنني استبدالها؟",
            "بالطبع! أرسلت لك ملصق إرجاع مجانيًا بالبريد، وسنرسل مقاس L فور وصول الطرد إلينا.",
            "ممتاز، سأرسلها غدًا.",
        ),
        t(
            "تم خصم المبلغ مرتين لنفس الطلب!",
            "أرى الدفعتين. الثانية أُلغيت وستختفي من حسابك خلال أيام قليلة.",
            "الحمد لله، شكرًا على حل المشكلة.",
        ),
        t(
            "التطبيق يُغلق كلما فتحت سلة التسوق.",
            "شكرًا لإبلاغنا! ما نوع هاتفك وما إصدار التطبيق؟",
            "هاتف Huawei P30، الإصدار 3.4.1.",
        ),
        t(
            "وصل الصندوق مهشّمًا والكوب بداخله مكسور. هذه صورة.",
            "نأسف جدًا! سنرسل كوبًا جديدًا اليوم، ولا داعي لإرجاع المكسور.",
            "لطف كبير منكم، شكرًا.",
        ),
        t(
            "هل ما زال بإمكاني تغيير عنوان التوصيل؟ انتقلت للتو.",
            "نعم، لم يُشحن الطلب بعد. أرسل لي العنوان الجديد وسأغيّره.",
            "شارع الملك فهد، مبنى 12، الرياض.",
        ),
        t(
            "رمز الخصم SPRING20 يظهر أنه غير صالح.",
            "انتهى هذا الرمز يوم الأحد، نعتذر! إليك رمزًا صالحًا حتى الجمعة: SPRING20B.",
            "نجح، شكرًا!",
        ),
        t(
            "أحتاج فاتورة باسم شركتي للطلب رقم 5310.",
            "تم: الفاتورة في بريدك الإلكتروني باسم شركتك.",
            "وصلتني، شكرًا.",
        ),
    ],
    chasers: [
        "مرحبًا؟ هل من أحد هنا؟",
        "هل من جديد؟",
        "ما زلت أنتظر الرد.",
        "بالمناسبة، سأكون في المنزل طوال يوم غد.",
    ],
    thanks: [
        "شكرًا، هذا يساعدني!",
        "شكرًا جزيلًا!",
        "رائع، شكرًا على الرد السريع.",
    ],
    comments: [
        "سريعون ولطفاء، شكرًا!",
        "تأخروا قليلًا لكن حلّوا المشكلة.",
        "مفيد جدًا.",
    ],
};

/// The four languages, in the order people are dealt them.
pub const LANGS: [&Lang; 4] = [&EN, &ES, &RU, &AR];

/// The team's internal note on each problem (the team speaks English).
pub const NOTES: [&str; 10] = [
    "Courier says the parcel has been at the depot since Tuesday.",
    "Refund approved in the payment system.",
    "Second time this week the reset mail lands in spam. Told the web team.",
    "Return label sent from the warehouse account.",
    "Double charge confirmed, the bank cancels the second one.",
    "Known bug in 3.4.1, the fix ships in 3.4.2.",
    "Replacement mug on its way, no return needed.",
    "Not shipped yet, the address can still change.",
    "Made SPRING20B for them, one use only.",
    "Invoice made in the accounting tool.",
];

/// The team's saved answers (`/save`), in English: name and text.
pub const SAVED: [(&str, &str); 4] = [
    (
        "hours",
        "We answer every day from 9:00 to 18:00. Outside those hours your message waits safely and we come back to it first thing.",
    ),
    (
        "refund",
        "Refunds go out within 2 working days of the return reaching us; your bank may take 3 to 5 more days to show it.",
    ),
    (
        "spam-folder",
        "Our emails sometimes land in the spam folder: please look there for a message from orders@example.shop.",
    ),
    (
        "return-label",
        "I've emailed you a free return label: print it, stick it on the parcel and drop it at any post office.",
    ),
];

/// Which saved answer answers a problem, for English speakers.
pub fn saved_answer_for(topic: usize) -> Option<&'static str> {
    match topic {
        1 => Some("refund"),
        2 => Some("spam-folder"),
        3 => Some("return-label"),
        _ => None,
    }
}

/// Someone who writes to the bot.
#[derive(Clone, Copy, Debug)]
pub struct Person {
    /// Their Telegram user id, which is their private chat's id.
    pub id: i64,
    pub name: &'static str,
    pub lang: &'static Lang,
}

impl std::fmt::Debug for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code)
    }
}

const NAMES: [[&str; 11]; 4] = [
    [
        "Ann", "Ben", "Chloe", "David", "Emma", "Frank", "Grace", "Henry", "Isla", "Jack", "Lily",
    ],
    [
        "Lucía",
        "Mateo",
        "Sofía",
        "Diego",
        "Valentina",
        "Javier",
        "Camila",
        "Pablo",
        "Elena",
        "Andrés",
        "Carmen",
    ],
    [
        "Olga", "Dmitri", "Anya", "Sergei", "Katya", "Ivan", "Natasha", "Mikhail", "Irina",
        "Pavel", "Yulia",
    ],
    [
        "Omar", "Layla", "Karim", "Fatima", "Youssef", "Nour", "Hassan", "Mariam", "Tariq",
        "Salma", "Ziad",
    ],
];

/// The 44 people of the month, the languages dealt in turn.
pub fn people() -> Vec<Person> {
    (0..44)
        .map(|n| Person {
            id: 710_000 + n as i64,
            name: NAMES[n % 4][n / 4],
            lang: LANGS[n % 4],
        })
        .collect()
}

/// The spammer the team banned.
pub const SPAMMER: Person = Person {
    id: 719_999,
    name: "Max Profit",
    lang: &EN,
};

/// What the spammer sent.
pub const SPAM: [&str; 3] = [
    "EARN 5000$ A WEEK FROM HOME!!! Write to me now",
    "Crypto signals, 100% profit guaranteed, join my channel",
    "Last chance!!! Only 3 places left",
];

/// The person the terminal writes as.
pub const YOU_AS_PERSON: Person = Person {
    id: 719_000,
    name: "Jamie",
    lang: &EN,
};

/// A member of the support team: their user id (their private chat's id,
/// listed as an admin chat) and first name.
#[derive(Clone, Copy, Debug)]
pub struct Member {
    pub id: i64,
    pub name: &'static str,
}

/// The support team. The sign-in link printed is the first one's.
pub const TEAM: [Member; 3] = [
    Member {
        id: 424_201,
        name: "Alex",
    },
    Member {
        id: 424_202,
        name: "Sam",
    },
    Member {
        id: 424_203,
        name: "Maria",
    },
];

/// A small deterministic random source (xorshift), so every demo's month
/// reads the same and no crate is needed for it.
pub struct Dice(u64);

impl Dice {
    pub fn new(seed: u64) -> Dice {
        Dice(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high - low + 1)
    }

    /// True once in `n` times.
    pub fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}
