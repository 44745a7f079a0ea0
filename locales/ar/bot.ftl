### Messages of support-bot in Arabic.
###
### Everything the bot says, to people asking for help and to the support team.
### The bot sends plain text: no formatting marks, and line breaks are kept
### as they are written here.
###
### Ticket IDs (like 1A2B3C4D), commands (/new, /reply, /close...), chat
### numbers and other numbers stay as they are in every language: they come
### in as arguments (`{ $id }`, `{ $command }`...) or are written literally.
### Do not translate the argument names inside `{ }`.
###
### Arabic: plain Modern Standard Arabic. The person is addressed in the
### usual generic (masculine) form of Arabic apps. "تذكرة" (ticket) is
### feminine (تذكرة مفتوحة، مغلقة). Arabic is written right to left: the bot
### puts isolation marks around inserted values itself.
###
### Numbers can choose a wording by plural category, e.g.
###     { $n ->
###         [one] قبل دقيقة
###         [two] قبل دقيقتين
###         [few] قبل { $n } دقائق
###        *[other] قبل { $n } دقيقة
###     }
### Arabic uses the categories zero, one, two, few, many and other.

# The language's name in itself, on the buttons for choosing a language.
language-name = العربية


## People asking for help
## These messages go to a person's private chat with the bot.

# The first message a person gets (after /start). Below it is the button
# "button-open-ticket", whose label is put in here.
welcome =
    مرحبًا! أنا بوت الدعم.
    أخبرني بالمشكلة التي تواجهك، وسيرد عليك فريقنا هنا مباشرة.

    اضغط على «{ button-open-ticket }» في الأسفل أو أرسل /new للبدء.

# The answer to /language. One button per language follows, each with the
# language's name in itself (English, Русский...).
choose-language =
    بأي لغة أتحدث معك؟
    اضغط على إحدى اللغات في الأسفل.

# A language was chosen with a button; said in the chosen language.
language-chosen =
    حسنًا، سأتحدث معك بالعربية من الآن.
    أرسل /language لتغيير اللغة مرة أخرى.

# The first line of the answer to /help. The list of commands follows on the
# next lines.
user-help-intro = إليك ما يمكنك فعله:

# Added after the list of commands in the answer to /help when the person
# has an open ticket. $id: the ticket ID.
user-help-open-ticket = تذكرتك { $id } مفتوحة. كل ما تكتبه هنا يُضاف إليها.

# After /new: the bot waits for the description of the problem.
ask-description =
    من فضلك اشرح مشكلتك في رسالة واحدة.
    أرسل /cancel إذا غيّرت رأيك.

# After /new, when the person sends something that is not a description
# (a command, a button press...).
still-waiting-for-description =
    أنا في انتظار وصف مشكلتك.
    من فضلك اشرح مشكلتك في رسالة واحدة، أو أرسل /cancel للإلغاء.

# After /cancel while the bot waited for a description.
cancelled =
    حسنًا، لم تُفتح أي تذكرة.
    أرسل /new متى احتجت إلى مساعدة.

# After /cancel when there was nothing to cancel.
nothing-to-cancel =
    لا يوجد شيء لإلغائه.
    أرسل /new لفتح تذكرة.

# A ticket was opened after /new and a description. $id: the ticket ID.
# Below it is the button "button-close-mine".
ticket-opened =
    شكرًا لك! تذكرتك { $id } مفتوحة الآن.
    سيرد عليك فريقنا هنا.
    يمكنك إرسال رسائل أخرى لإضافتها إليها. أرسل /close عندما تُحل مشكلتك.

# A ticket was opened straight from the first message a person wrote (without
# /new). $id: the ticket ID. Below it is the button "button-close-mine".
ticket-opened-first-message =
    شكرًا لك! فتحتُ التذكرة { $id } برسالتك.
    سيرد عليك فريقنا هنا.
    يمكنك إرسال رسائل أخرى لإضافتها إليها. إذا لم تكن تقصد فتح تذكرة، فأرسل /close.


# Added under the confirmation of a new ticket while the team is away
# (outside WORKING_HOURS). $day: "today", "tomorrow" or a weekday in
# English ("monday"...); $time: when the team starts, like 09:00.
team-away =
    فريقنا غير موجود الآن. سيعود { $day ->
        [today] اليوم
        [tomorrow] غدًا
        [monday] يوم الاثنين
        [tuesday] يوم الثلاثاء
        [wednesday] يوم الأربعاء
        [thursday] يوم الخميس
        [friday] يوم الجمعة
        [saturday] يوم السبت
       *[sunday] يوم الأحد
    } في الساعة { $time } (بتوقيت { $zone })، وستبقى تذكرتك بانتظاره.
# A later message was added to the person's open ticket. $id: the ticket ID.
added-to-ticket = أضفتُ رسالتك إلى تذكرتك { $id }. سيرد عليك فريقنا هنا.

# After /new when the person already has an open ticket. $id: the ticket ID.
already-open =
    لديك تذكرة مفتوحة بالفعل: { $id }.
    اكتب هنا لتضيف إليها، أو أرسل /close لإغلاقها أولًا.

# Reminds the person that their ticket is still open. $id: the ticket ID.
still-open =
    تذكرتك { $id } ما زالت مفتوحة.
    أرسل /close إذا أردت إغلاقها.

# The person closed their ticket. $id: the ticket ID.
closed-by-you =
    أُغلقت التذكرة { $id }. شكرًا لك!
    أرسل /new إذا احتجت إلى مساعدة مرة أخرى.

# After /close when the person has no open ticket.
no-open-ticket =
    ليست لديك تذكرة مفتوحة.
    أرسل /new لفتح تذكرة.

# The answer to /mytickets when the person never opened a ticket.
your-tickets-none =
    ليست لديك أي تذاكر بعد.
    أرسل /new لفتح تذكرة.

# The answer to /mytickets: the first line, then one "your-tickets-item" per
# ticket, then "your-tickets-end", separated by blank lines.
your-tickets-intro = تذاكرك، من الأحدث إلى الأقدم:

# One ticket in the answer to /mytickets.
# $id: the ticket ID. $status: "status-open" or "status-closed".
# $age: when it was opened, one of the "Times" messages (e.g. "5 minutes ago").
# $excerpt: the start of the ticket's first message, as the person wrote it.
your-tickets-item =
    { $id } - { $status } - فُتحت { $age }
    «{ $excerpt }»

# The last line of the answer to /mytickets.
your-tickets-end = أرسل /new لفتح تذكرة أخرى.

# A reply from the support team, passed on to the person.
# $id: the ticket ID. $text: the team's reply as they wrote it (may have
# several lines).
from-support =
    فريق الدعم (التذكرة { $id }):
    { $text }

# The support team sent an attachment; it follows this message.
# $id: the ticket ID. $media: the kind of attachment, one of the "media-..."
# messages (e.g. "a photo").
# Arabic: "{ $media } from the support team": the media word stays in a form
# that needs no case ending (ملف، ملصق، موقع...).
from-support-media = { $media } من فريق الدعم (التذكرة { $id }):

# The support team closed the person's ticket. $id: the ticket ID.
closed-by-support =
    أغلق فريقنا تذكرتك { $id }.
    أرسل /new إذا احتجت إلى مساعدة مرة أخرى.

# The person sent something the bot cannot pass on (a poll, a game...).
only-text =
    عذرًا، لا يمكنني نقل هذا النوع من الرسائل إلى فريقنا.
    يمكنني نقل النصوص والصور ومقاطع الفيديو والرسائل الصوتية والملفات الصوتية والملفات والملصقات والصور المتحركة (GIF) والمواقع وجهات الاتصال.
    من فضلك اكتب رسالتك بالكلمات، أو أرسل شيئًا من هذه الأنواع.

# A person used a command of the support team.
# $command: the command's name without the slash (e.g. "reply").
admin-only =
    عذرًا، الأمر /{ $command } مخصص لفريق الدعم فقط.
    أرسل /help لترى ما يمكنك فعله.

# A command the bot does not have. Also sent to the support team.
# $command: what was typed after the slash.
unknown-command =
    لا أعرف الأمر /{ $command }.
    أرسل /help لترى ما يمكنك فعله.

# Someone edited a message they had already sent, and the edit cannot be
# passed on. Also sent to the support team.
edit-not-seen =
    لا يمكنني نقل التعديلات على رسالة أُرسلت من قبل.
    من فضلك أرسل النص المصحح في رسالة جديدة.

# A person edited a message of their open ticket; the support team got the
# new text. $id: the ticket ID.
edit-passed-on = نقلتُ تعديلك إلى فريقنا (التذكرة { $id }).

# The person's message could not be saved; it was not passed on.
save-failed =
    عذرًا، حدث خطأ من جهتنا ولم أتمكن من حفظ رسالتك.
    من فضلك أرسلها مرة أخرى بعد دقيقة.

# Someone wrote to the bot in a group that is not the support team's chat.
private-chat-only = من فضلك راسلني في محادثة خاصة، حتى لا يرى رسالتك إلا فريقنا.

# /setup from an admin of a group the bot is not set up for. $chat: the
# group's id (with its minus sign). The line TEAM_CHAT_ID=<id> follows.
group-setup =
    رقم هذه المجموعة هو { $chat }.
    لجعلها مجموعة فريق الدعم، أضف هذا السطر إلى إعدادات البوت (ملف ‎.env) ثم أعد تشغيل البوت:
# After that line, when the group has no topics yet.
group-setup-no-topics = فعّل أولًا «المواضيع» في إعدادات المجموعة (تعديل)، لتكون لكل تذكرة موضوعها الخاص. قد يعطي تيليجرام المجموعة رقمًا جديدًا بعد ذلك: أرسل ‎/setup‎ مرة أخرى لتراه.
# /setup in one of the support team's chats. $chat: its id.
set-up-already = هذه المحادثة من محادثات فريق الدعم بالفعل (رقمها { $chat }). لا شيء آخر يحتاج إلى إعداد هنا.

# A person tried to close (or act on) a ticket that is not their open one,
# while they do have another open ticket.
# $id: the ticket ID they named. $open: the ID of their open ticket.
not-your-open-ticket =
    التذكرة { $id } ليست تذكرتك المفتوحة. تذكرتك المفتوحة هي { $open }.
    أرسل /close لإغلاقها.

# The same, when the person has no open ticket at all. $id: the ticket ID they named.
not-your-open-ticket-none =
    التذكرة { $id } ليست تذكرتك المفتوحة. ليست لديك تذكرة مفتوحة.
    أرسل /new لفتح تذكرة.


## The support team
## These messages go to the support team (admins' private chats and the team's group).
## $owner is always a person as in "person" or "person-with-username",
## e.g. "Ann (@ann, 5551)"; $name is a person's name alone, e.g. "Ann".

# The first line of the answer to /help for the team. The list of commands
# follows on the next lines.
admin-help-intro = أوامر فريق الدعم:

# Added after the list of commands in the answer to /help when the admin is
# answering a ticket. $id: the ticket ID.
admin-help-replying = أنت ترد الآن على التذكرة { $id }.

# A new ticket. $id: the ticket ID. $text: the person's first message (may
# have several lines). Below it are the buttons "button-answer" and
# "button-close".
new-ticket =
    تذكرة جديدة { $id } من { $owner }:
    { $text }

    للرد، رُدّ على هذه الرسالة أو أرسل /reply { $id }

# A new ticket whose first message has an attachment, which follows this
# message. $media: the kind of attachment, one of the "media-..." messages
# (e.g. "a photo"). Otherwise as "new-ticket".
new-ticket-with-media =
    تذكرة جديدة { $id } من { $owner }:
    { $text }
    (مع { $media } في الأسفل)

    للرد، رُدّ على هذه الرسالة أو أرسل /reply { $id }

# The ticket's owner sent an attachment, which follows this message.
# $id: the ticket ID. $media: one of the "media-..." messages (e.g. "a photo").
# Arabic: "ticket X, { $media } from { $owner }", as in "from-support-media".
owner-sent = التذكرة { $id }، { $media } من { $owner }:

# The ticket's owner wrote more. $id: the ticket ID. $text: what they wrote
# (may have several lines). Below it are the buttons "button-answer" and
# "button-close".
owner-wrote =
    التذكرة { $id }، { $owner } كتب:
    { $text }
# Messages held back while the owner wrote too fast, passed on together.
held-passed-on =
    التذكرة { $id }، { $owner } كتب بسرعة كبيرة. { $count ->
        [one] احتُجزت هذه الرسالة لحظة:
        [two] احتُجزت هاتان الرسالتان لحظة:
       *[other] احتُجزت هذه الرسائل ({ $count }) لحظة:
    }
    { $lines }
held-line = — { $text }
held-line-with-media = — ({ $media }، في الأسفل) { $text }

# The ticket's owner edited a message. $id: the ticket ID. $text: the new
# text (may have several lines).
owner-edited =
    التذكرة { $id }، { $owner } عدّل رسالة. نصها الآن:
    { $text }

# The ticket's owner closed it. $id: the ticket ID.
closed-by-owner = أغلق { $owner } التذكرة { $id }.

# An admin closed a ticket; told to the other admins. $id: the ticket ID.
# $admin: the admin's name.
closed-by-admin = أغلق { $admin } التذكرة { $id }.

# The admin closed a ticket and its owner was told. $id: the ticket ID.
you-closed = أُغلقت التذكرة { $id }. أبلغتُ { $name } بذلك.

# The ticket's owner blocked the bot. $id: the ticket ID.
owner-blocked-bot =
    حظر { $owner } البوت، لذلك لن تصله الردود على التذكرة { $id } حاليًا.
    تبقى التذكرة مفتوحة. سأخبرك إذا ألغى حظر البوت.

# The ticket's owner unblocked the bot again. $id: the ticket ID.
owner-unblocked-bot = ألغى { $owner } حظر البوت. الردود على التذكرة { $id } تصله من جديد.

# After /reply ID: the admin's next messages go to the ticket's owner.
# $id: the ticket ID. $excerpt: the start of the owner's last message.
now-replying =
    أنت ترد الآن على التذكرة { $id } من { $owner }.
    آخر رسالة منه: «{ $excerpt }»
    كل ما ترسله الآن يذهب إلى { $name }. أرسل /done عندما تنتهي.

# The admin's reply reached the ticket's owner. $id: the ticket ID.
delivered = تم الإرسال إلى { $name } (التذكرة { $id }).

# After /done. $id: the ticket ID.
stopped-replying =
    لم تعد ترد على التذكرة { $id }.
    أرسل /tickets لعرض التذاكر المفتوحة.

# After /done when the admin was not answering a ticket.
not-replying =
    أنت لا ترد على أي تذكرة الآن.
    أرسل /tickets لعرض التذاكر المفتوحة.

# A command that needs a ticket ID came without one.
# $command: the command's name without the slash (e.g. "reply").
# 1A2B3C4D is an example ticket ID: keep it.
need-ticket-id =
    من فضلك أضف رقم التذكرة، هكذا: /{ $command } 1A2B3C4D
    أرسل /tickets لعرض التذاكر المفتوحة.

# What came after a command is not a ticket ID. $input: what the admin typed.
# 1A2B3C4D is an example ticket ID: keep it.
not-a-ticket-id =
    «{ $input }» ليس رقم تذكرة. رقم التذكرة يتكون من 8 حروف وأرقام، مثل 1A2B3C4D.
    أرسل /tickets لعرض التذاكر المفتوحة.

# No ticket has this ID. $id: the ticket ID.
unknown-ticket =
    لم أجد التذكرة { $id }.
    أرسل /tickets لعرض التذاكر المفتوحة.

# The admin answered a closed ticket; the answer was not passed on.
# $id: the ticket ID.
ticket-is-closed =
    التذكرة { $id } مغلقة، لذلك لم يُرسل أي شيء.
    أرسل /tickets لعرض التذاكر المفتوحة.

# After /close ID of a ticket that was closed before. $id: the ticket ID.
already-closed = التذكرة { $id } مغلقة بالفعل.

# The answer to /whois ID. $id: the ticket ID. $status: "status-open" or
# "status-closed". $count: how many tickets the owner has opened in all (a
# number; choose the wording by its plural category if your language needs to).
# Arabic: "number of tickets they have opened: N", so no plural form is needed.
ticket-owner =
    التذكرة { $id } ({ $status }) تخص { $owner }.
    عدد التذاكر التي فتحها حتى الآن: { $count }.
    { $place ->
        [topic] للرد عليه، اكتب في هذا الموضوع فقط.
       *[chat] للرد عليه، أرسل /reply { $id }
    }

# The answer to /tickets when no ticket is open.
open-tickets-none = لا توجد تذاكر مفتوحة الآن.

# The answer to /tickets: this first line, then one "open-tickets-item" (or
# "open-tickets-item-unreachable") per ticket, then "open-tickets-end",
# separated by blank lines. $count: how many tickets are open (a number).
open-tickets-intro = التذاكر المفتوحة ({ $count })، الأطول انتظارًا أولًا:

# One open ticket in the answer to /tickets. $id: the ticket ID.
# $age: when it was opened, one of the "Times" messages (e.g. "2 hours ago").
# $excerpt: the start of the owner's last message.
open-tickets-item =
    { $id } - { $owner } - فُتحت { $age }
    آخر رسالة: «{ $excerpt }»

# The same, for a ticket whose owner cannot be reached (blocked the bot,
# deleted their account).
open-tickets-item-unreachable =
    { $id } - { $owner } - فُتحت { $age } - لا يمكن الوصول إليه
    آخر رسالة: «{ $excerpt }»

# The last line of the answer to /tickets.
open-tickets-end = للرد على تذكرة، أرسل /reply ثم رقمها.

# An admin wrote something while not answering a ticket.
# 1A2B3C4D is an example ticket ID: keep it.
admin-idle-hint =
    للرد على تذكرة، أرسل /reply ثم رقمها، مثل /reply 1A2B3C4D.
    أرسل /tickets لعرض التذاكر المفتوحة.

# An admin used a command meant for people asking for help.
# $command: the command's name without the slash (e.g. "new").
not-for-admins =
    الأمر /{ $command } لمن يطلبون المساعدة. أنت من فريق الدعم.
    أرسل /help لعرض أوامرك.

# An admin's answer was not text (a photo...) and could not be passed on.
admin-only-text = عذرًا، يمكنني نقل النصوص فقط حاليًا. لم يُرسل أي شيء.

# The admin's answer did not reach the ticket's owner. $id: the ticket ID.
# $reason: why, one of the "reason-" messages below.
not-delivered =
    لم تصل رسالتك في التذكرة { $id } إلى { $name }: { $reason }.
    الرسالة محفوظة في التذكرة.

# The ticket was closed but its owner could not be told. $id: the ticket ID.
# $reason: why, one of the "reason-" messages below.
not-delivered-closing = أُغلقت التذكرة { $id }، لكن لم أتمكن من إبلاغ { $name }: { $reason }.


## Words put into other messages
## Short pieces that the messages above insert as arguments.

# A ticket's state, as $status in "your-tickets-item" and "ticket-owner".
status-open = مفتوحة
status-closed = مغلقة

# The kinds of attachment, as $media in "from-support-media", "new-ticket-with-media"
# and "owner-sent" ("sent you a photo:", "(with a photo below)", "sent a photo:").
# Arabic: "صورة من فريق الدعم"، "(مع صورة في الأسفل)"، "صورة من Ann".
media-photo = صورة
media-document = ملف
media-voice = رسالة صوتية
media-video = مقطع فيديو
media-audio = ملف صوتي
media-sticker = ملصق
media-location = موقع
media-contact = جهة اتصال
media-animation = صورة متحركة (GIF)
# A round video message recorded in Telegram.
media-video-note = رسالة فيديو

# A person as the support team sees them, as $owner in the team's messages.
# $name: their name in Telegram. $username: their @username without the @.
# $chat: their chat number.
person-with-username = { $name } (@{ $username }، { $chat })

# The same, for a person without a @username.
person = { $name } ({ $chat })

# The start of a long message, cut short, as $excerpt in lists.
# $start: the first words of the message.
excerpt-shortened = { $start }...


## Buttons
## Labels of the buttons under messages: keep them short.

# Under "welcome": opens a ticket, like /new.
button-open-ticket = فتح تذكرة

# For the support team, under "new-ticket" and "owner-wrote": start answering
# the ticket, like /reply ID.
button-answer = رد

# For the support team, under "new-ticket" and "owner-wrote": close the
# ticket, like /close ID.
button-close = إغلاق

# For the person, under "ticket-opened": close their own ticket.
button-close-mine = إغلاق التذكرة


## Times
## How long ago a ticket was opened, as $age in "your-tickets-item" and
## "open-tickets-item". $n: a whole number, at least 1.

# Less than a minute ago.
age-just-now = للتو

age-minutes =
    { $n ->
        [zero] قبل { $n } دقيقة
        [one] قبل دقيقة
        [two] قبل دقيقتين
        [few] قبل { $n } دقائق
        [many] قبل { $n } دقيقة
       *[other] قبل { $n } دقيقة
    }

age-hours =
    { $n ->
        [zero] قبل { $n } ساعة
        [one] قبل ساعة
        [two] قبل ساعتين
        [few] قبل { $n } ساعات
        [many] قبل { $n } ساعة
       *[other] قبل { $n } ساعة
    }

age-days =
    { $n ->
        [zero] قبل { $n } يوم
        [one] قبل يوم
        [two] قبل يومين
        [few] قبل { $n } أيام
        [many] قبل { $n } يومًا
       *[other] قبل { $n } يوم
    }

## Commands
# The command menus Telegram shows beside the text box, and the lines of
# the help texts. Command names and arguments (ID, text) stay as they are.

menu-people-new = فتح تذكرة
menu-team-tickets = عرض التذاكر المفتوحة
menu-team-reply = الرد على تذكرة: /reply ID أو /reply ID text
menu-team-done = إيقاف الرد
menu-people-close = إغلاق تذكرتك المفتوحة
menu-team-close = إغلاق تذكرة: /close ID
menu-team-whois = من صاحب التذكرة: /whois ID
menu-people-mytickets = عرض تذاكرك
menu-people-language = اختيار اللغة
menu-people-cancel = إلغاء فتح التذكرة
menu-people-help = ما يمكنني فعله
menu-team-help = أوامر فريق الدعم

help-people-new = فتح تذكرة
help-team-tickets = عرض التذاكر المفتوحة
help-team-reply-id = الرد على تذكرة: كل ما ترسله بعدها يذهب إلى صاحبها
help-team-reply-id-text = إرسال رسالة واحدة إلى صاحب التذكرة
help-team-done = إيقاف الرد
help-people-close = إغلاق تذكرتك المفتوحة
help-team-close-id = إغلاق تذكرة
help-team-whois-id = معرفة صاحب التذكرة وطريقة الوصول إليه
help-people-mytickets = عرض تذاكرك
help-people-language = اختيار اللغة التي أتحدث بها معك
help-people-cancel = إلغاء فتح التذكرة

## Why a message did not arrive
## Put into "not-delivered" and "not-delivered-closing" as $reason.
## $detail: what Telegram answered, in English, as Telegram wrote it.

reason-blocked = قام بحظر البوت
reason-deleted = حُذف حسابه على تيليجرام
reason-chat-unknown = لم يعد تيليجرام يعرف محادثته
reason-refused = رفض تيليجرام الإرسال ({ $detail })
reason-group-moved = تحولت المجموعة إلى مجموعة خارقة (supergroup)
reason-slow-down = طلب تيليجرام مرارًا إبطاء الإرسال
reason-unreachable = تعذّر الاتصال بتيليجرام
reason-other = حدث خطأ ما ({ $detail })

## Their data
## /mydata and /forget: a person's data on request.

menu-people-mydata = احصل على كل ما أحفظه عنك
help-people-mydata = احصل في ملف على كل ما أحفظه عنك
menu-people-forget = امسح رسائلك واسمك
help-people-forget = امسح رسائلك واسمك
help-team-forget-id = امسح رسائل صاحب التذكرة واسمه
button-forget-me = نعم، امسح بياناتي
their-data = هذا كل ما أحفظه عنك: تذاكرك وكل الرسائل فيها.
forget-ask =
    هل تريد أن أمسح رسائلك واسمك؟
    ستبقى تذاكرك سجلات بلا اسم، حتى يستطيع فريقنا أن يحسبها.
    لا يمكن التراجع عن هذا. اضغط الزر في الأسفل للمتابعة.
forgotten =
    تم. مسحتُ رسائلك واسمك.
    أرسل /new متى احتجت إلى مساعدة مرة أخرى.
person-forgotten = طلب صاحب المحادثة { $chat } أن يُنسى. مُسحت رسائله واسمه، وبقيت تذاكره سجلات بلا اسم.
owner-forgotten = مُسحت رسائل صاحب التذكرة { $id } (المحادثة { $chat }) واسمه.
person-erased = (ممسوح)

## Rating
## After a ticket closes, its owner is asked once to rate the help.
## $stars: 1 to 5. $comment: what the person wrote, passed on as it is.

rate-ask =
    كيف كانت خدمتنا في التذكرة { $id }؟
    اضغط على رقم: 1 سيئ، و5 ممتاز.
rating-thanks =
    شكرًا لتقييمك التذكرة { $id }!
    إن أردت، أخبرنا في رسالة واحدة بما يمكننا تحسينه. لفتح تذكرة جديدة بدلًا من ذلك، أرسل /new.
already-rated = لقد قيّمت التذكرة { $id } من قبل. شكرًا لك!
rating-refused = عذرًا، يمكنك تقييم تذاكرك أنت فقط، وبعد إغلاقها.
comment-thanks = شكرًا لك! أوصلتُ تعليقك إلى فريقنا.
rated = حصلت التذكرة { $id } على تقييم { $stars } من 5.
rating-commented =
    تعليق على تقييم التذكرة { $id }:
    { $comment }

## Figures
## /stats for the support team. Numbers and the time zone stay as they are.

menu-team-stats = أرقام: التذاكر وأوقات الرد والتقييمات
help-team-stats = أرقام: التذاكر المفتوحة والمغلقة وأوقات الرد والتقييمات
stats-none = لا يوجد بعد
duration-minutes = { $n ->
    [zero] { $n } دقيقة
    [one] دقيقة واحدة
    [two] دقيقتان
    [few] { $n } دقائق
    [many] { $n } دقيقة
   *[other] { $n } دقيقة
}
duration-hours = { $n ->
    [zero] { $n } ساعة
    [one] ساعة واحدة
    [two] ساعتان
    [few] { $n } ساعات
    [many] { $n } ساعة
   *[other] { $n } ساعة
}
duration-days = { $n ->
    [zero] { $n } يوم
    [one] يوم واحد
    [two] يومان
    [few] { $n } أيام
    [many] { $n } يومًا
   *[other] { $n } يوم
}
stats =
    أرقام (الأيام بتوقيت { $zone }):
    اليوم: فُتحت { $today-opened }، وأُغلقت { $today-closed }.
    هذا الأسبوع: فُتحت { $week-opened }، وأُغلقت { $week-closed }.
    هذا الشهر: فُتحت { $month-opened }، وأُغلقت { $month-closed }.
    المفتوحة الآن: { $open }، منها { $unanswered } بلا رد بعد.
    الوقت الوسيط حتى أول رد: { $first-answer }.
    الوقت الوسيط حتى الإغلاق: { $to-close }.
    متوسط التقييم: { $rating } ({ $ratings ->
        [zero] لا تقييمات
        [one] من تقييم واحد
        [two] من تقييمين
        [few] من { $ratings } تقييمات
       *[other] من { $ratings } تقييمًا
    }).

## Notes and reopening
## /note: internal notes of the team, never sent to the person. /reopen: a
## closed ticket opens again. $open: another ticket of the same person.

menu-team-note = أضف ملاحظة داخلية إلى تذكرة
help-team-note-id-text = أضف ملاحظة داخلية إلى تذكرة؛ لا تُرسل أبدًا إلى صاحبها
help-team-note-text = الشيء نفسه، على التذكرة التي ترد عليها الآن
menu-team-reopen = أعد فتح تذكرة مغلقة: /reopen ID
help-team-reopen-id = أعد فتح تذكرة مغلقة؛ ويُبلَّغ صاحبها بذلك
note-added = أُضيفت الملاحظة إلى التذكرة { $id }. لم تُرسل إلى صاحبها.
note-empty = اكتب الملاحظة بعد الأمر، هكذا: /note 1A2B3C4D اتصلنا به مرة أخرى.
not-closed = التذكرة { $id } مفتوحة بالفعل.
reopen-refused = تبقى التذكرة { $id } مغلقة: لدى صاحبها التذكرة { $open } مفتوحة. أرسل /reply { $open } للرد عليها.
reopened-by-support =
    أعاد فريقنا فتح تذكرتك { $id }.
    اكتب هنا لتضيف إليها، أو أرسل /close عندما تنتهي.
you-reopened = التذكرة { $id } مفتوحة مرة أخرى. أبلغتُ { $name }.
reopened-by-admin = أعاد { $admin } فتح التذكرة { $id }.

## Working as a team: topics, claiming, saved answers, bans, spam.
## $id: a ticket ID. $name: a first name. $chat: a person's chat id (a number).
## Arabic: claim = «استلام التذكرة»; saved answer = «رد محفوظ»; ban = «حظر»،
## «رفع الحظر»; topic = «موضوع» (as in Telegram); chat id = «رقم المحادثة».
## As elsewhere in this file, the bot puts the isolation marks around inserted
## values itself: write none by hand.

# To a person, when AGENT_NAMES=first_name: a message from one team member.
# $agent: their first name. $text: exactly what they typed (may be several lines).
from-agent =
    { $agent } من فريق الدعم (التذكرة { $id }):
    { $text }
# The same with an attachment, which follows this message. $media: e.g. "a photo".
# Arabic: "{ $media } from { $agent } of the support team", as in "from-support-media".
from-agent-media = { $media } من { $agent } في فريق الدعم (التذكرة { $id }):

# To a person sending many messages within a minute.
slow-down =
    أنت ترسل رسائل كثيرة بسرعة كبيرة. أضيفها كلها إلى التذكرة { $id }.
    سيستلمها الفريق معًا خلال دقيقة. من فضلك انتظر دقيقة قبل أن تكتب المزيد.
# To a banned person, once.
you-are-banned = عذرًا، لم يعد فريق الدعم يستقبل رسائلك.

# /tickets followed by a word it does not know. $input: that word.
unknown-ticket-filter =
    لا أعرف «{ $input }» هنا.
    أرسل /tickets لعرض كل التذاكر المفتوحة، أو /tickets mine لعرض تذاكرك، أو /tickets unclaimed لعرض التذاكر التي لم يستلمها أحد.
open-tickets-none-mine = لم تستلم أي تذكرة مفتوحة. أرسل /tickets unclaimed لتجد واحدة.
open-tickets-none-unclaimed = كل التذاكر المفتوحة استلمها أحد من الفريق.
open-tickets-intro-mine = تذاكرك المفتوحة ({ $count })، الأطول انتظارًا أولًا:
open-tickets-intro-unclaimed = التذاكر المفتوحة التي لم يستلمها أحد ({ $count })، الأطول انتظارًا أولًا:
# Under a ticket in /tickets: who claimed it.
open-tickets-claimed = يرد عليها { $name }.

# Claiming. "Claim" means: I answer this ticket.
button-claim = استلام
menu-team-claim = استلام تذكرة: /claim ID
help-team-claim-id = استلام تذكرة: يرى الفريق أنك ترد عليها (في موضوعها لا حاجة إلى الرقم)
help-team-unclaim-id = إعادة تذكرة حتى يستطيع أي شخص استلامها
help-team-tickets-mine = التذاكر المفتوحة التي استلمتها
help-team-tickets-unclaimed = التذاكر المفتوحة التي لم يستلمها أحد
you-claimed = أنت ترد الآن على التذكرة { $id }. يستطيع بقية الفريق رؤية ذلك.
claimed = { $name } يرد على التذكرة { $id }.
already-yours = أنت ترد على التذكرة { $id } بالفعل.
already-claimed =
    { $name } يرد على التذكرة { $id } بالفعل.
    لتستلمها أنت، أرسل /unclaim { $id } أولًا، ثم /claim { $id }.
not-claimed = لم يستلم أحد التذكرة { $id }.
you-unclaimed = التذكرة { $id } متاحة من جديد (كانت مع { $name }). يستطيع أي شخص استلامها.
unclaimed = أعاد { $name } التذكرة { $id }. يستطيع أي شخص استلامها.
unclaimed-from = سحب { $name } التذكرة { $id } من { $from }. لم تعد مع أحد: يستطيع أي شخص استلامها.
# To the team member whose claim someone else gave back. $name: who gave it back.
claim-taken-back = سحب { $name } منك التذكرة { $id }. لم تعد مع أحد: يستطيع أي شخص استلامها.
claimed-by-other =
    ملاحظة: { $name } يرد على التذكرة { $id }. أُرسلت رسالتك على أي حال.
    أقول هذا مرة واحدة فقط.

# Saved answers. $name: the short name of a saved answer.
menu-team-a = إرسال رد محفوظ: /a name ID
help-team-a-name-id = إرسال رد محفوظ إلى صاحب التذكرة (في موضوعها، أو أثناء الرد عليها، لا حاجة إلى الرقم)
menu-team-answers = الردود المحفوظة للفريق
help-team-answers = عرض الردود المحفوظة
help-team-save-name-text = حفظ رد للفريق كله باسم قصير
help-team-unsave-name = حذف رد محفوظ
answers-none = لا توجد ردود محفوظة بعد. احفظ ردًا هكذا: /save hours نعمل من 9 صباحًا إلى 6 مساءً، من الاثنين إلى الجمعة.
# The answer to /answers: this line, then one "answers-item" per answer, then "answers-end".
answers-intro = الردود المحفوظة ({ $count }):
# $excerpt: the start of the answer.
answers-item = { $name }: «{ $excerpt }»
answers-end = لإرسال رد، أرسل /a ثم اسمه ورقم التذكرة، مثل /a hours 1A2B3C4D.
answer-name-bad =
    لا يصلح «{ $name }» اسمًا لرد. استخدم كلمة واحدة قصيرة من حروف أو أرقام أو - أو _.
    هكذا: /save hours نعمل من 9 صباحًا إلى 6 مساءً، من الاثنين إلى الجمعة.
answer-needs-text = من فضلك اكتب الرد بعد اسمه، هكذا: /save { $name } شكرًا لانتظارك.
answer-saved = حفظتُ الرد «{ $name }». أرسله بكتابة /a { $name } ثم رقم التذكرة.
answer-replaced = غيّرتُ الرد «{ $name }». أرسله بكتابة /a { $name } ثم رقم التذكرة.
answer-removed = حذفتُ الرد «{ $name }».
# $known: the names of the saved answers, separated by commas.
unknown-answer = لا يوجد رد باسم «{ $name }». الردود المحفوظة: { $known }.
unknown-answer-none-saved = لا يوجد رد باسم «{ $name }». لا توجد ردود محفوظة بعد: احفظ ردًا باستخدام /save.

# Bans.
help-team-ban-id-reason = حظر صاحب التذكرة (أو رقم محادثة): تُرفض رسائله وتُغلق تذكرته المفتوحة
help-team-ban-id-silent = الشيء نفسه، دون إبلاغه أبدًا (لمرسلي الرسائل المزعجة)
help-team-unban-id = رفع الحظر
help-team-banned = عرض المحظورين
# Used when the bot does not know a person's name.
someone = شخص ما
not-a-person = { $chat } ليست محادثة شخص. اكتب رقم تذكرة أو رقم محادثة شخص.
already-banned = المحادثة { $chat } محظورة بالفعل. أرسل /unban { $chat } لرفع الحظر.
you-banned = حظرتُ { $name } (المحادثة { $chat }). في المرة القادمة التي يكتب فيها، سأخبره أننا لم نعد نستقبل رسائله.
you-banned-silent = حظرتُ { $name } (المحادثة { $chat }) دون إبلاغه: لن يُخبر بذلك أبدًا.
ban-closed-ticket = أُغلقت تذكرته المفتوحة { $id }.
ban-undo = لرفع الحظر، أرسل /unban { $chat }.
# To the rest of the team. $by: the first name of who banned them.
person-banned = { $by } حظر { $name } (المحادثة { $chat }).
not-banned = المحادثة { $chat } غير محظورة.
you-unbanned = يستطيع { $name } (المحادثة { $chat }) مراسلتنا من جديد.
banned-none = لا يوجد أحد محظور.
# The answer to /banned: this line, one "banned-item" per person, then "banned-end".
banned-intro = المحظورون ({ $count }):
# $reason: why, as the team wrote it, or "-". $refused: how many of their messages were refused.
# Arabic: "refused messages since the ban: N", so no plural form is needed.
banned-item =
    { $name } (المحادثة { $chat }): { $reason }
    الرسائل المرفوضة منذ الحظر: { $refused }
banned-item-silent =
    { $name } (المحادثة { $chat })، دون إبلاغه: { $reason }
    الرسائل المرفوضة منذ الحظر: { $refused }
banned-end = لرفع الحظر، أرسل /unban ثم رقم المحادثة.

# In General of the team's forum group: new tickets, each in its own topic.
# $count: how many (a number). One "general-new-ticket-item" line follows per ticket.
general-new-tickets = { $count ->
    [zero] { $count } تذكرة جديدة:
    [one] تذكرة جديدة:
    [two] تذكرتان جديدتان:
    [few] { $count } تذاكر جديدة:
    [many] { $count } تذكرة جديدة:
   *[other] { $count } تذكرة جديدة:
}
# $name: the person's name. $link: a link to the ticket's topic.
general-new-ticket-item = { $id } · { $name }: { $link }
# The same, before the ticket's topic is made (it follows soon).
general-new-ticket-item-no-topic = { $id } · { $name } (سيُنشأ موضوعها بعد قليل)
# In a ticket's topic made again after the old one was deleted; its last
# messages follow, one per line.
topic-recovered = حُذف موضوع التذكرة { $id }، لذلك أنشأته من جديد. آخر الرسائل كانت:
topic-recovered-from-owner = صاحب التذكرة: { $text }
topic-recovered-from-team = الفريق: { $text }

new-ticket-in-topic =
    تذكرة جديدة { $id } من { $owner }:
    { $text }

    للرد، اكتب في هذا الموضوع. أرسل /claim لاستلام التذكرة.
new-ticket-in-topic-with-media =
    تذكرة جديدة { $id } من { $owner }:
    { $text }
    (مع { $media } في الأسفل)

    للرد، اكتب في هذا الموضوع. أرسل /claim لاستلام التذكرة.
# The opening notice in a ticket's topic once a team member ($name) claimed
# it (the notice is edited); otherwise as "new-ticket-in-topic".
new-ticket-in-topic-claimed =
    تذكرة جديدة { $id } من { $owner }:
    { $text }

    { $name } يرد على هذه التذكرة. للرد، اكتب في هذا الموضوع.
new-ticket-in-topic-claimed-with-media =
    تذكرة جديدة { $id } من { $owner }:
    { $text }
    (مع { $media } في الأسفل)

    { $name } يرد على هذه التذكرة. للرد، اكتب في هذا الموضوع.
# The name of a claimed ticket's topic. $topic: the ticket's ID and its
# owner's name ("1A2B3C4D · Ann"); $member: the team member answering it.
topic-name-claimed = { $topic } · يرد { $member }

## The team's inbox on the web (pages and the dashboard).
web-title = صندوق الدعم
web-inbox = الصندوق
web-dashboard = لوحة الأرقام
web-logout = تسجيل الخروج
web-logged-out = لقد سجّلت الخروج.
web-tabs = التذاكر
web-tab-open = المفتوحة
web-tab-unclaimed = بلا مسؤول
web-tab-mine = تذاكري
web-tab-closed = المغلقة
web-search = ابحث بالرقم أو الاسم أو النص
web-search-button = بحث
web-col-id = الرقم
web-col-name = الاسم
web-col-first = أول رسالة
web-col-age = فُتحت
web-col-status = الحالة
web-col-claimed = يرد عليها
web-status-waiting = بانتظار الفريق
web-status-open = مفتوحة
web-status-closed = مغلقة
web-unreachable = لا يمكن الوصول إليه
web-unread = رسائل جديدة
web-banned = محظور
web-none = لا توجد تذاكر هنا.
web-page = الصفحة { $page } من { $pages }
web-newer = الأحدث
web-older = الأقدم
web-back = العودة إلى الصندوق
web-claimed-by = يرد عليها { $name }
web-from-team = فريق الدعم
web-note-label = ملاحظة داخلية، لم تُرسل
web-edited = عُدّلت
web-held = مؤجلة (رسائل كثيرة جدًا)
web-compose-label = رسالتك
web-reply-button = أرسل إلى { $name }
web-note-button = احفظ كملاحظة (لا تُرسل)
web-answers-label = رد محفوظ
web-answer-button = أرسل هذا الرد
web-claim = خذها
web-unclaim = اتركها
web-close = أغلق التذكرة
web-reopen = افتحها من جديد
web-ban = احظر هذا الشخص
web-bot-starting = البوت ما زال يبدأ. حاول بعد قليل.
web-too-long = هذه الرسالة طويلة جدًا: { $max } حرفًا على الأكثر. اختصرها وأرسلها مرة أخرى.
web-need-login = سجّل الدخول أولًا: أرسل ‎/web‎ إلى البوت في تيليجرام، أو افتح الصندوق من زر قائمة البوت.
web-not-team = لست في فريق الدعم، لذلك هذه الصفحة مغلقة أمامك.
web-login-title = الدخول إلى صندوق الدعم
web-login-button = دخول
web-login-bad = هذا الرابط استُخدم من قبل أو صار قديمًا. أرسل ‎/web‎ إلى البوت للحصول على رابط جديد.
web-fig-open = التذاكر المفتوحة
web-fig-unanswered = لم يُرد عليها بعد: { $n }
web-fig-today = اليوم: فُتحت / أُغلقت
web-fig-week = هذا الأسبوع: فُتحت / أُغلقت
web-fig-month = هذا الشهر: فُتحت / أُغلقت
web-fig-first-answer = الوسيط حتى أول رد
web-fig-to-close = الوسيط حتى الإغلاق
web-fig-rating = متوسط التقييم
web-fig-total = كل التذاكر
web-fig-chats = المحادثات
web-fig-status = ملف البيانات
web-fig-status-ok = يعمل
web-fig-status-degraded = لا يمكن الكتابة فيه
web-chart-per-day = التذاكر المفتوحة والمغلقة يوميًا (30 يومًا)
web-nav = الصفحات
web-opened = فُتحت
web-now = الآن
web-periods = فُتحت / أُغلقت حسب الفترة
web-operations = التشغيل
web-series-opened = فُتحت
web-series-closed = أُغلقت
web-series-tickets = التذاكر
web-fig-ratings = { $n ->
    [zero] من دون تقييمات
    [one] من تقييم واحد
    [two] من تقييمين
    [few] من { $n } تقييمات
   *[other] من { $n } تقييمًا
}
web-chart-first-answer = الوقت حتى أول رد (آخر 30 يومًا)
web-chart-ages = التذاكر المفتوحة حسب عمرها
web-bucket-5m = أقل من 5 دقائق
web-bucket-1h = أقل من ساعة
web-bucket-4h = أقل من 4 ساعات
web-bucket-1d = أقل من يوم
web-bucket-3d = أقل من 3 أيام
web-bucket-7d = أقل من 7 أيام
web-bucket-more = أطول

web-login-link = رابط دخولك إلى صندوق الدعم (يعمل مرة واحدة، لمدة 5 دقائق): { $url }
web-login-in-private = أرسل ‎/web‎ في محادثتك الخاصة مع البوت: الرابط في مجموعة قد يستخدمه أي عضو فيها.
inbox-not-set = صندوق الدعم غير مُعدّ: اضبط PUBLIC_URL في إعدادات البوت على عنوان https العام للبوت ثم أعد تشغيله. بعدها يفتح ‎/inbox‎ و‎/web‎ الصندوق.
menu-team-web = رابط للدخول إلى صندوق الدعم
menu-team-inbox = افتح صندوق الدعم
help-team-inbox = زر يفتح صندوق الدعم (داخل تيليغرام في المحادثة الخاصة، ورابط في المجموعة)
help-team-setup = في مجموعة لم يُعدّ البوت لها بعد: رقم المجموعة وما يجب ضبطه لجعلها مجموعة الفريق
inbox-link = صندوق الدعم: كل التذاكر ومحادثاتها ولوحة المتابعة.
inbox-button = افتح الصندوق
inbox-menu-button = الصندوق
help-team-web = رابط لمرة واحدة يُدخل متصفحًا إلى صندوق الدعم (في المحادثة الخاصة فقط)
