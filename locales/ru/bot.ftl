### Messages of support-bot in Russian.
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
### Numbers can choose a wording by plural category, e.g.
###     { $n ->
###         [one] { $n } minute ago
###        *[other] { $n } minutes ago
###     }
### Use the categories your language needs (Russian: one, few, many, other;
### Arabic: zero, one, two, few, many, other).
###
### Russian word choices: ticket = «обращение» (neuter: открыто, закрыто,
### создано); person asking for help = «пользователь», «автор обращения»;
### support team = «команда поддержки», «сотрудники поддержки»; ticket ID =
### «номер обращения». The person is always addressed as «вы». Names ($name,
### $owner, $admin) are put in only where they need no case ending and no
### gendered verb (after a colon, or after «пользователь», «автор»).
### The kinds of attachment ("media-...") are words that look the same after
### «отправил» and after a colon: фото, файл, местоположение...

# The language's name in itself, on the buttons for choosing a language.
language-name = Русский


## People asking for help
## These messages go to a person's private chat with the bot.

# The first message a person gets (after /start). Below it is the button
# "button-open-ticket", whose label is put in here.
welcome =
    Здравствуйте! Я бот поддержки.
    Расскажите, что случилось, и наша команда ответит вам прямо здесь.

    Нажмите «{ button-open-ticket }» ниже или отправьте /new, чтобы начать.

# The answer to /language. One button per language follows, each with the
# language's name in itself (English, Русский...).
choose-language =
    На каком языке мне с вами говорить?
    Выберите язык ниже.

# A language was chosen with a button; said in the chosen language.
language-chosen =
    Хорошо, теперь я буду говорить с вами по-русски.
    Отправьте /language, чтобы снова сменить язык.

# The first line of the answer to /help. The list of commands follows on the
# next lines.
user-help-intro = Вот что вы можете сделать:

# Added after the list of commands in the answer to /help when the person
# has an open ticket. $id: the ticket ID.
user-help-open-ticket = Ваше обращение { $id } открыто. Всё, что вы напишете здесь, добавится к нему.

# After /new: the bot waits for the description of the problem.
ask-description =
    Пожалуйста, опишите проблему одним сообщением.
    Если передумали, отправьте /cancel.

# After /new, when the person sends something that is not a description
# (a command, a button press...).
still-waiting-for-description =
    Я жду описание проблемы.
    Пожалуйста, опишите её одним сообщением или отправьте /cancel, чтобы отменить.

# After /cancel while the bot waited for a description.
cancelled =
    Хорошо, обращение не создано.
    Отправьте /new, когда понадобится помощь.

# After /cancel when there was nothing to cancel.
nothing-to-cancel =
    Отменять нечего.
    Отправьте /new, чтобы создать обращение.

# A ticket was opened after /new and a description. $id: the ticket ID.
# Below it is the button "button-close-mine".
ticket-opened =
    Спасибо! Ваше обращение { $id } создано.
    Наша команда ответит вам здесь.
    Чтобы дополнить обращение, просто пишите сюда. Когда проблема решится, отправьте /close.

# A ticket was opened straight from the first message a person wrote (without
# /new). $id: the ticket ID. Below it is the button "button-close-mine".
ticket-opened-first-message =
    Спасибо! Я создал обращение { $id } по вашему сообщению.
    Наша команда ответит вам здесь.
    Чтобы дополнить обращение, просто пишите сюда. Если вы не хотели создавать обращение, отправьте /close.


# Added under the confirmation of a new ticket while the team is away
# (outside WORKING_HOURS). $day: "today", "tomorrow" or a weekday in
# English ("monday"...); $time: when the team starts, like 09:00.
team-away =
    Сейчас наша команда не на месте. Она вернётся { $day ->
        [today] сегодня
        [tomorrow] завтра
        [monday] в понедельник
        [tuesday] во вторник
        [wednesday] в среду
        [thursday] в четверг
        [friday] в пятницу
        [saturday] в субботу
       *[sunday] в воскресенье
    } в { $time } (время { $zone }), а ваше обращение её дождётся.
# A later message was added to the person's open ticket. $id: the ticket ID.
added-to-ticket = Добавлено к вашему обращению { $id }. Наша команда ответит вам здесь.

# After /new when the person already has an open ticket. $id: the ticket ID.
already-open =
    У вас уже есть открытое обращение: { $id }.
    Пишите сюда, чтобы дополнить его, или отправьте /close, чтобы сначала его закрыть.

# Reminds the person that their ticket is still open. $id: the ticket ID.
still-open =
    Ваше обращение { $id } всё ещё открыто.
    Если хотите его закрыть, отправьте /close.

# The person closed their ticket. $id: the ticket ID.
closed-by-you =
    Обращение { $id } закрыто. Спасибо!
    Если снова понадобится помощь, отправьте /new.

# After /close when the person has no open ticket.
no-open-ticket =
    У вас нет открытого обращения.
    Отправьте /new, чтобы создать обращение.

# The answer to /mytickets when the person never opened a ticket.
your-tickets-none =
    У вас пока нет обращений.
    Отправьте /new, чтобы создать обращение.

# The answer to /mytickets: the first line, then one "your-tickets-item" per
# ticket, then "your-tickets-end", separated by blank lines.
your-tickets-intro = Ваши обращения, сначала новые:

# One ticket in the answer to /mytickets.
# $id: the ticket ID. $status: "status-open" or "status-closed".
# $age: when it was opened, one of the "Times" messages (e.g. "5 minutes ago").
# $excerpt: the start of the ticket's first message, as the person wrote it.
your-tickets-item =
    { $id } - { $status } - создано { $age }
    «{ $excerpt }»

# The last line of the answer to /mytickets.
your-tickets-end = Отправьте /new, чтобы создать ещё одно обращение.

# A reply from the support team, passed on to the person.
# $id: the ticket ID. $text: the team's reply as they wrote it (may have
# several lines).
from-support =
    Команда поддержки (обращение { $id }):
    { $text }

# The support team sent an attachment; it follows this message.
# $id: the ticket ID. $media: the kind of attachment, one of the "media-..."
# messages (e.g. "a photo").
from-support-media = Команда поддержки (обращение { $id }) отправила вам { $media }:

# The support team closed the person's ticket. $id: the ticket ID.
closed-by-support =
    Наша команда закрыла ваше обращение { $id }.
    Если снова понадобится помощь, отправьте /new.

# The person sent something the bot cannot pass on (a poll, a game...).
only-text =
    Извините, такое сообщение я передать не могу.
    Я могу передать текст, фото, видео, голосовые сообщения, аудио, файлы, стикеры, GIF, местоположение и контакты.
    Пожалуйста, напишите сообщение словами или отправьте что-то из этого списка.

# A person used a command of the support team.
# $command: the command's name without the slash (e.g. "reply").
admin-only =
    Извините, команда /{ $command } есть только у сотрудников поддержки.
    Отправьте /help, чтобы узнать, что вы можете сделать.

# A command the bot does not have. Also sent to the support team.
# $command: what was typed after the slash.
unknown-command =
    Я не знаю команду /{ $command }.
    Отправьте /help, чтобы узнать, что вы можете сделать.

# Someone edited a message they had already sent, and the edit cannot be
# passed on. Also sent to the support team.
edit-not-seen =
    Я не могу передать изменения в уже отправленном сообщении.
    Пожалуйста, отправьте исправленный текст новым сообщением.

# A person edited a message of their open ticket; the support team got the
# new text. $id: the ticket ID.
edit-passed-on = Я передал ваше исправление нашей команде (обращение { $id }).

# The person's message could not be saved; it was not passed on.
save-failed =
    Извините, у нас что-то пошло не так, и я не смог сохранить ваше сообщение.
    Пожалуйста, отправьте его ещё раз через минуту.

# Someone wrote to the bot in a group that is not the support team's chat.
private-chat-only = Пожалуйста, напишите мне в личные сообщения, чтобы ваше сообщение видела только наша команда.

# /setup from an admin of a group the bot is not set up for. $chat: the
# group's id (with its minus sign). The line TEAM_CHAT_ID=<id> follows.
group-setup =
    Номер этой группы: { $chat }.
    Чтобы сделать её группой команды поддержки, добавьте эту строку в настройки бота (файл .env) и перезапустите бота:
# After that line, when the group has no topics yet.
group-setup-no-topics = Сначала включите «Темы» в настройках группы (Изменить), чтобы у каждого обращения была своя тема. После этого Telegram может дать группе новый номер: отправьте /setup ещё раз, чтобы его увидеть.
# /setup in one of the support team's chats. $chat: its id.
set-up-already = Этот чат уже входит в чаты команды поддержки (его номер: { $chat }). Здесь больше ничего настраивать не нужно.

# A person tried to close (or act on) a ticket that is not their open one,
# while they do have another open ticket.
# $id: the ticket ID they named. $open: the ID of their open ticket.
not-your-open-ticket =
    Обращение { $id } — не ваше открытое обращение. Ваше открытое обращение: { $open }.
    Отправьте /close, чтобы закрыть его.

# The same, when the person has no open ticket at all. $id: the ticket ID they named.
not-your-open-ticket-none =
    Обращение { $id } — не ваше открытое обращение. У вас нет открытого обращения.
    Отправьте /new, чтобы создать обращение.


## The support team
## These messages go to the support team (admins' private chats and the team's group).
## $owner is always a person as in "person" or "person-with-username",
## e.g. "Ann (@ann, 5551)"; $name is a person's name alone, e.g. "Ann".

# The first line of the answer to /help for the team. The list of commands
# follows on the next lines.
admin-help-intro = Команды для сотрудников поддержки:

# Added after the list of commands in the answer to /help when the admin is
# answering a ticket. $id: the ticket ID.
admin-help-replying = Сейчас вы отвечаете на обращение { $id }.

# A new ticket. $id: the ticket ID. $text: the person's first message (may
# have several lines). Below it are the buttons "button-answer" and
# "button-close".
new-ticket =
    Новое обращение { $id }, автор { $owner }:
    { $text }

    Чтобы ответить автору, ответьте на это сообщение или отправьте /reply { $id }

# A new ticket whose first message has an attachment, which follows this
# message. $media: the kind of attachment, one of the "media-..." messages
# (e.g. "a photo"). Otherwise as "new-ticket".
new-ticket-with-media =
    Новое обращение { $id }, автор { $owner }:
    { $text }
    (вложение ниже: { $media })

    Чтобы ответить автору, ответьте на это сообщение или отправьте /reply { $id }

# The ticket's owner sent an attachment, which follows this message.
# $id: the ticket ID. $media: one of the "media-..." messages (e.g. "a photo").
owner-sent = Обращение { $id }, пользователь { $owner } отправил { $media }:

# The ticket's owner wrote more. $id: the ticket ID. $text: what they wrote
# (may have several lines). Below it are the buttons "button-answer" and
# "button-close".
owner-wrote =
    Обращение { $id }, пользователь { $owner } пишет:
    { $text }
# Messages held back while the owner wrote too fast, passed on together.
held-passed-on =
    Обращение { $id }, пользователь { $owner } писал очень быстро. { $count ->
        [one] { $count } сообщение было ненадолго задержано:
        [few] { $count } сообщения были ненадолго задержаны:
       *[other] { $count } сообщений были ненадолго задержаны:
    }
    { $lines }
held-line = — { $text }
held-line-with-media = — ({ $media }, ниже) { $text }

# The ticket's owner edited a message. $id: the ticket ID. $text: the new
# text (may have several lines).
owner-edited =
    Обращение { $id }, пользователь { $owner } изменил сообщение. Новый текст:
    { $text }

# The ticket's owner closed it. $id: the ticket ID.
closed-by-owner = Обращение { $id } закрыл его автор, пользователь { $owner }.

# An admin closed a ticket; told to the other admins. $id: the ticket ID.
# $admin: the admin's name.
closed-by-admin = Обращение { $id } закрыл сотрудник поддержки { $admin }.

# The admin closed a ticket and its owner was told. $id: the ticket ID.
you-closed = Обращение { $id } закрыто. Пользователь { $name } получил уведомление.

# The ticket's owner blocked the bot. $id: the ticket ID.
owner-blocked-bot =
    Пользователь { $owner } заблокировал бота, поэтому ответы по обращению { $id } пока до него не дойдут.
    Обращение остаётся открытым. Я сообщу вам, если пользователь разблокирует бота.

# The ticket's owner unblocked the bot again. $id: the ticket ID.
owner-unblocked-bot = Пользователь { $owner } разблокировал бота. Ответы по обращению { $id } снова до него доходят.

# After /reply ID: the admin's next messages go to the ticket's owner.
# $id: the ticket ID. $excerpt: the start of the owner's last message.
now-replying =
    Вы отвечаете на обращение { $id }, автор { $owner }.
    Последнее сообщение автора: «{ $excerpt }»
    Всё, что вы сейчас отправите, получит { $name }. Когда закончите, отправьте /done.

# The admin's reply reached the ticket's owner. $id: the ticket ID.
delivered = Отправлено, получатель: { $name } (обращение { $id }).

# After /done. $id: the ticket ID.
stopped-replying =
    Вы больше не отвечаете на обращение { $id }.
    Отправьте /tickets, чтобы увидеть открытые обращения.

# After /done when the admin was not answering a ticket.
not-replying =
    Сейчас вы не отвечаете ни на одно обращение.
    Отправьте /tickets, чтобы увидеть открытые обращения.

# A command that needs a ticket ID came without one.
# $command: the command's name without the slash (e.g. "reply").
# 1A2B3C4D is an example ticket ID: keep it.
need-ticket-id =
    Добавьте номер обращения, например: /{ $command } 1A2B3C4D
    Отправьте /tickets, чтобы увидеть открытые обращения.

# What came after a command is not a ticket ID. $input: what the admin typed.
# 1A2B3C4D is an example ticket ID: keep it.
not-a-ticket-id =
    «{ $input }» — это не номер обращения. Номер обращения состоит из 8 букв и цифр, например 1A2B3C4D.
    Отправьте /tickets, чтобы увидеть открытые обращения.

# No ticket has this ID. $id: the ticket ID.
unknown-ticket =
    Не могу найти обращение { $id }.
    Отправьте /tickets, чтобы увидеть открытые обращения.

# The admin answered a closed ticket; the answer was not passed on.
# $id: the ticket ID.
ticket-is-closed =
    Обращение { $id } закрыто, поэтому ничего не отправлено.
    Отправьте /tickets, чтобы увидеть открытые обращения.

# After /close ID of a ticket that was closed before. $id: the ticket ID.
already-closed = Обращение { $id } уже закрыто.

# The answer to /whois ID. $id: the ticket ID. $status: "status-open" or
# "status-closed". $count: how many tickets the owner has opened in all (a
# number; choose the wording by its plural category if your language needs to).
ticket-owner =
    Обращение { $id } ({ $status }), автор { $owner }.
    Всего обращений от этого пользователя: { $count }.
    { $place ->
        [topic] Чтобы ответить автору, просто напишите в этой теме.
       *[chat] Чтобы ответить автору, отправьте /reply { $id }
    }

# The answer to /tickets when no ticket is open.
open-tickets-none = Сейчас открытых обращений нет.

# The answer to /tickets: this first line, then one "open-tickets-item" (or
# "open-tickets-item-unreachable") per ticket, then "open-tickets-end",
# separated by blank lines. $count: how many tickets are open (a number).
open-tickets-intro = Открытые обращения ({ $count }), сначала те, что ждут дольше всех:

# One open ticket in the answer to /tickets. $id: the ticket ID.
# $age: when it was opened, one of the "Times" messages (e.g. "2 hours ago").
# $excerpt: the start of the owner's last message.
open-tickets-item =
    { $id } - { $owner } - создано { $age }
    Последнее сообщение: «{ $excerpt }»

# The same, for a ticket whose owner cannot be reached (blocked the bot,
# deleted their account).
open-tickets-item-unreachable =
    { $id } - { $owner } - создано { $age } - нет связи
    Последнее сообщение: «{ $excerpt }»

# The last line of the answer to /tickets.
open-tickets-end = Чтобы ответить на обращение, отправьте /reply и его номер.

# An admin wrote something while not answering a ticket.
# 1A2B3C4D is an example ticket ID: keep it.
admin-idle-hint =
    Чтобы ответить на обращение, отправьте /reply и его номер, например /reply 1A2B3C4D.
    Отправьте /tickets, чтобы увидеть открытые обращения.

# An admin used a command meant for people asking for help.
# $command: the command's name without the slash (e.g. "new").
not-for-admins =
    Команда /{ $command } — для тех, кто просит помощи. А вы сотрудник поддержки.
    Отправьте /help, чтобы увидеть свои команды.

# An admin's answer was not text (a photo...) and could not be passed on.
admin-only-text = Извините, пока я могу передавать только текст. Ничего не отправлено.

# The admin's answer did not reach the ticket's owner. $id: the ticket ID.
# $reason: why, one of the "reason-" messages below.
not-delivered =
    Пользователь { $name } не получил ваше сообщение по обращению { $id }. Причина: { $reason }.
    Сообщение сохранено в обращении.

# The ticket was closed but its owner could not be told. $id: the ticket ID.
# $reason: why, one of the "reason-" messages below.
not-delivered-closing = Обращение { $id } закрыто, но пользователь { $name } не получил уведомление. Причина: { $reason }.


## Words put into other messages
## Short pieces that the messages above insert as arguments.

# A ticket's state, as $status in "your-tickets-item" and "ticket-owner".
status-open = открыто
status-closed = закрыто

# The kinds of attachment, as $media in "from-support-media", "new-ticket-with-media"
# and "owner-sent" ("sent you a photo:", "(with a photo below)", "sent a photo:").
media-photo = фото
media-document = файл
media-voice = голосовое сообщение
media-video = видео
media-audio = аудиофайл
media-sticker = стикер
media-location = местоположение
media-contact = контакт
media-animation = GIF
# A round video message recorded in Telegram.
media-video-note = видеосообщение

# A person as the support team sees them, as $owner in the team's messages.
# $name: their name in Telegram. $username: their @username without the @.
# $chat: their chat number.
person-with-username = { $name } (@{ $username }, { $chat })

# The same, for a person without a @username.
person = { $name } ({ $chat })

# The start of a long message, cut short, as $excerpt in lists.
# $start: the first words of the message.
excerpt-shortened = { $start }...


## Buttons
## Labels of the buttons under messages: keep them short.

# Under "welcome": opens a ticket, like /new.
button-open-ticket = Создать обращение

# For the support team, under "new-ticket" and "owner-wrote": start answering
# the ticket, like /reply ID.
button-answer = Ответить

# For the support team, under "new-ticket" and "owner-wrote": close the
# ticket, like /close ID.
button-close = Закрыть

# For the person, under "ticket-opened": close their own ticket.
button-close-mine = Закрыть обращение


## Times
## How long ago a ticket was opened, as $age in "your-tickets-item" and
## "open-tickets-item". $n: a whole number, at least 1.

# Less than a minute ago.
age-just-now = только что

age-minutes =
    { $n ->
        [one] { $n } минуту назад
        [few] { $n } минуты назад
        [many] { $n } минут назад
       *[other] { $n } минуты назад
    }

age-hours =
    { $n ->
        [one] { $n } час назад
        [few] { $n } часа назад
        [many] { $n } часов назад
       *[other] { $n } часа назад
    }

age-days =
    { $n ->
        [one] { $n } день назад
        [few] { $n } дня назад
        [many] { $n } дней назад
       *[other] { $n } дня назад
    }

## Commands
# The command menus Telegram shows beside the text box, and the lines of
# the help texts. Command names and arguments (ID, text) stay as they are.

menu-people-new = Создать обращение
menu-team-tickets = Список открытых обращений
menu-team-reply = Ответить на обращение: /reply ID или /reply ID text
menu-team-done = Закончить отвечать
menu-people-close = Закрыть ваше открытое обращение
menu-team-close = Закрыть обращение: /close ID
menu-team-whois = Чьё это обращение: /whois ID
menu-people-mytickets = Посмотреть ваши обращения
menu-people-language = Выбрать язык
menu-people-cancel = Отменить создание обращения
menu-people-help = Что я умею
menu-team-help = Команды для сотрудников поддержки

help-people-new = создать обращение
help-team-tickets = список открытых обращений
help-team-reply-id = ответить на обращение: всё, что вы отправите дальше, получит его автор
help-team-reply-id-text = отправить одно сообщение автору обращения
help-team-done = закончить отвечать
help-people-close = закрыть ваше открытое обращение
help-team-close-id = закрыть обращение
help-team-whois-id = чьё это обращение и как связаться с автором
help-people-mytickets = посмотреть ваши обращения
help-people-language = выбрать язык, на котором я с вами говорю
help-people-cancel = отменить создание обращения

## Why a message did not arrive
## Put into "not-delivered" and "not-delivered-closing" as $reason.
## $detail: what Telegram answered, in English, as Telegram wrote it.

reason-blocked = пользователь заблокировал бота
reason-deleted = аккаунт в Telegram удалён
reason-chat-unknown = Telegram больше не находит этот чат
reason-refused = Telegram не принял сообщение ({ $detail })
reason-group-moved = группа стала супергруппой
reason-slow-down = Telegram всё время просил отправлять медленнее
reason-unreachable = не удалось связаться с Telegram
reason-other = что-то пошло не так ({ $detail })

## Their data
## /mydata and /forget: a person's data on request.

menu-people-mydata = Получить всё, что я о вас храню
help-people-mydata = получить файлом всё, что я о вас храню
menu-people-forget = Стереть ваши сообщения и имя
help-people-forget = стереть ваши сообщения и имя
help-team-forget-id = стереть сообщения и имя автора обращения
button-forget-me = Да, стереть мои данные
their-data = Вот всё, что я о вас храню: ваши обращения и все сообщения в них.
forget-ask =
    Стереть ваши сообщения и ваше имя?
    Обращения останутся как анонимные записи, чтобы команда могла их учитывать.
    Отменить это нельзя. Чтобы продолжить, нажмите кнопку ниже.
forgotten =
    Готово. Я стёр ваши сообщения и ваше имя.
    Если снова понадобится помощь, отправьте /new.
person-forgotten = Пользователь чата { $chat } попросил его забыть. Его сообщения и имя стёрты, обращения остались как анонимные записи.
owner-forgotten = Сообщения и имя автора обращения { $id } (чат { $chat }) стёрты.
person-erased = (стёрто)

## Rating
## After a ticket closes, its owner is asked once to rate the help.
## $stars: 1 to 5. $comment: what the person wrote, passed on as it is.

rate-ask =
    Как мы справились с обращением { $id }?
    Нажмите на число: 1 — плохо, 5 — отлично.
rating-thanks =
    Спасибо за оценку обращения { $id }!
    Если хотите, напишите одним сообщением, что нам стоит сделать лучше. Чтобы создать новое обращение, отправьте /new.
already-rated = Вы уже оценили обращение { $id }. Спасибо!
rating-refused = Извините, оценить можно только своё обращение, и только после того, как оно закрыто.
comment-thanks = Спасибо! Я передал ваш комментарий команде.
rated = Обращение { $id } оценили на { $stars } из 5.
rating-commented =
    Комментарий к оценке обращения { $id }:
    { $comment }

## Figures
## /stats for the support team. Numbers and the time zone stay as they are.

menu-team-stats = Цифры: обращения, время ответа, оценки
help-team-stats = цифры: созданные и закрытые обращения, время ответа, оценки
stats-none = пока нет
duration-minutes = { $n ->
    [one] { $n } минута
    [few] { $n } минуты
    [many] { $n } минут
   *[other] { $n } минуты
}
duration-hours = { $n ->
    [one] { $n } час
    [few] { $n } часа
    [many] { $n } часов
   *[other] { $n } часа
}
duration-days = { $n ->
    [one] { $n } день
    [few] { $n } дня
    [many] { $n } дней
   *[other] { $n } дня
}
stats =
    Цифры (дни по времени { $zone }):
    Сегодня: создано { $today-opened }, закрыто { $today-closed }.
    На этой неделе: создано { $week-opened }, закрыто { $week-closed }.
    В этом месяце: создано { $month-opened }, закрыто { $month-closed }.
    Открыто сейчас: { $open }, из них без ответа: { $unanswered }.
    Медианное время до первого ответа: { $first-answer }.
    Медианное время до закрытия: { $to-close }.
    Средняя оценка: { $rating } (всего оценок: { $ratings }).

## Notes and reopening
## /note: internal notes of the team, never sent to the person. /reopen: a
## closed ticket opens again. $open: another ticket of the same person.

menu-team-note = Добавить внутреннюю заметку к обращению
help-team-note-id-text = добавить к обращению внутреннюю заметку; автору она не отправляется
help-team-note-text = то же самое для обращения, на которое вы сейчас отвечаете
menu-team-reopen = Снова открыть закрытое обращение: /reopen ID
help-team-reopen-id = снова открыть закрытое обращение; автору сообщается об этом
note-added = Заметка добавлена к обращению { $id }. Автору она не отправлена.
note-empty = Напишите заметку после команды, например: /note 1A2B3C4D Перезвонили клиенту.
not-closed = Обращение { $id } уже открыто.
reopen-refused = Обращение { $id } остаётся закрытым: у автора открыто обращение { $open }. Чтобы ответить на него, отправьте /reply { $open }.
reopened-by-support =
    Наша команда снова открыла ваше обращение { $id }.
    Пишите сюда, чтобы дополнить его, или отправьте /close, когда всё решится.
you-reopened = Обращение { $id } снова открыто. Автор ({ $name }) получил уведомление.
reopened-by-admin = Обращение { $id } снова открыл сотрудник поддержки { $admin }.

## Working as a team: topics, claiming, saved answers, bans, spam.
## $id: a ticket ID. $name: a first name. $chat: a person's chat id (a number).
## Russian word choices: claim = «взять обращение» (себе); saved answer =
## «готовый ответ»; ban = «заблокировать», «блокировка»; chat id = «номер чата».
## Names are again put in only where they need no case ending and no
## gendered verb (present tense «отвечает», or after «пользователь»).

# To a person, when AGENT_NAMES=first_name: a message from one team member.
# $agent: their first name. $text: exactly what they typed (may be several lines).
from-agent =
    { $agent } из команды поддержки (обращение { $id }):
    { $text }
# The same with an attachment, which follows this message. $media: e.g. "a photo".
from-agent-media = { $agent } из команды поддержки (обращение { $id }) отправляет вам { $media }:

# To a person sending many messages within a minute.
slow-down =
    Вы отправляете очень много сообщений подряд. Я добавляю их все к обращению { $id }.
    Команда получит их вместе в течение минуты. Пожалуйста, подождите минуту, прежде чем писать дальше.
# To a banned person, once.
you-are-banned = Извините, команда поддержки больше не принимает ваши сообщения.

# /tickets followed by a word it does not know. $input: that word.
unknown-ticket-filter =
    Я не знаю, что здесь значит «{ $input }».
    Отправьте /tickets, чтобы увидеть все открытые обращения, /tickets mine — ваши, /tickets unclaimed — те, которые никто не взял.
open-tickets-none-mine = Вы не взяли ни одного открытого обращения. Отправьте /tickets unclaimed, чтобы найти свободное.
open-tickets-none-unclaimed = Все открытые обращения уже кто-то взял.
open-tickets-intro-mine = Ваши открытые обращения ({ $count }), сначала те, что ждут дольше всех:
open-tickets-intro-unclaimed = Открытые обращения, которые никто не взял ({ $count }), сначала те, что ждут дольше всех:
# Under a ticket in /tickets: who claimed it.
open-tickets-claimed = Отвечает { $name }.

# Claiming. "Claim" means: I answer this ticket.
button-claim = Взять себе
menu-team-claim = Взять обращение: /claim ID
help-team-claim-id = взять обращение: команда видит, что на него отвечаете вы (в теме обращения номер не нужен)
help-team-unclaim-id = вернуть обращение, чтобы его мог взять любой
help-team-tickets-mine = открытые обращения, которые взяли вы
help-team-tickets-unclaimed = открытые обращения, которые никто не взял
you-claimed = Теперь на обращение { $id } отвечаете вы. Остальная команда это видит.
claimed = На обращение { $id } отвечает { $name }.
already-yours = Вы уже отвечаете на обращение { $id }.
already-claimed =
    На обращение { $id } уже отвечает { $name }.
    Чтобы взять его себе, сначала отправьте /unclaim { $id }, затем /claim { $id }.
not-claimed = Обращение { $id } никто не взял.
you-unclaimed = Обращение { $id } снова свободно: { $name } больше на него не отвечает. Его может взять любой.
unclaimed = { $name } больше не отвечает на обращение { $id }. Его может взять любой.
unclaimed-from = Обращение { $id } больше не за { $from }: его освободил(а) { $name }. Его может взять любой.
# To the team member whose claim someone else gave back. $name: who gave it back.
claim-taken-back = Обращение { $id } больше не за вами: его освободил(а) { $name }. Его может взять любой.
claimed-by-other =
    Обратите внимание: на обращение { $id } отвечает { $name }. Ваше сообщение всё равно отправлено.
    Я говорю об этом только один раз.

# Saved answers. $name: the short name of a saved answer.
menu-team-a = Отправить готовый ответ: /a name ID
help-team-a-name-id = отправить готовый ответ автору обращения (в теме обращения или пока вы на него отвечаете, номер не нужен)
menu-team-answers = Готовые ответы команды
help-team-answers = список готовых ответов
help-team-save-name-text = сохранить ответ для всей команды под коротким названием
help-team-unsave-name = удалить готовый ответ
answers-none = Готовых ответов пока нет. Сохраните первый так: /save hours Мы работаем с 9 до 18, с понедельника по пятницу.
# The answer to /answers: this line, then one "answers-item" per answer, then "answers-end".
answers-intro = Готовые ответы ({ $count }):
# $excerpt: the start of the answer.
answers-item = { $name }: «{ $excerpt }»
answers-end = Чтобы отправить ответ, напишите /a, его название и номер обращения, например /a hours 1A2B3C4D.
answer-name-bad =
    «{ $name }» не подходит для названия ответа. Используйте одно короткое слово из букв, цифр, - или _.
    Например: /save hours Мы работаем с 9 до 18, с понедельника по пятницу.
answer-needs-text = Пожалуйста, напишите текст ответа после названия, например: /save { $name } Спасибо, что подождали.
answer-saved = Ответ «{ $name }» сохранён. Чтобы отправить его, напишите /a { $name } и номер обращения.
answer-replaced = Ответ «{ $name }» изменён. Чтобы отправить его, напишите /a { $name } и номер обращения.
answer-removed = Ответ «{ $name }» удалён.
# $known: the names of the saved answers, separated by commas.
unknown-answer = Ответа «{ $name }» нет. Готовые ответы: { $known }.
unknown-answer-none-saved = Ответа «{ $name }» нет. Готовых ответов пока нет: сохраните первый командой /save.

# Bans.
help-team-ban-id-reason = заблокировать автора обращения (или чат по номеру): его сообщения не принимаются, открытое обращение закрывается
help-team-ban-id-silent = то же самое, но ему ничего не сообщают (для спамеров)
help-team-unban-id = снять блокировку
help-team-banned = кто заблокирован
# Used when the bot does not know a person's name.
# Russian: put in after «пользователь»: «пользователь без имени».
someone = без имени
not-a-person = { $chat } — это не чат пользователя. Укажите номер обращения или номер чата пользователя.
already-banned = Чат { $chat } уже заблокирован. Чтобы снять блокировку, отправьте /unban { $chat }.
you-banned = Пользователь { $name } (чат { $chat }) заблокирован. Когда он напишет в следующий раз, я сообщу ему, что мы больше не принимаем его сообщения.
you-banned-silent = Пользователь { $name } (чат { $chat }) заблокирован без предупреждения: ему ничего не сообщат.
ban-closed-ticket = Его открытое обращение { $id } закрыто.
ban-undo = Чтобы снять блокировку, отправьте /unban { $chat }.
# To the rest of the team. $by: the first name of who banned them.
person-banned = Пользователя { $name } (чат { $chat }) заблокировал сотрудник поддержки { $by }.
not-banned = Чат { $chat } не заблокирован.
you-unbanned = Пользователь { $name } (чат { $chat }) снова может нам писать.
banned-none = Заблокированных нет.
# The answer to /banned: this line, one "banned-item" per person, then "banned-end".
banned-intro = Заблокированы ({ $count }):
# $reason: why, as the team wrote it, or "-". $refused: how many of their messages were refused.
banned-item =
    Пользователь { $name } (чат { $chat }): { $reason }
    Отклонено сообщений после блокировки: { $refused }
banned-item-silent =
    Пользователь { $name } (чат { $chat }), без предупреждения: { $reason }
    Отклонено сообщений после блокировки: { $refused }
banned-end = Чтобы снять блокировку, отправьте /unban и номер чата.

# In General of the team's forum group: new tickets, each in its own topic.
# $count: how many (a number). One "general-new-ticket-item" line follows per ticket.
general-new-tickets = { $count ->
    [one] { $count } новое обращение:
    [few] { $count } новых обращения:
    [many] { $count } новых обращений:
   *[other] { $count } новых обращения:
}
# $name: the person's name. $link: a link to the ticket's topic.
general-new-ticket-item = { $id } · { $name }: { $link }
# The same, before the ticket's topic is made (it follows soon).
general-new-ticket-item-no-topic = { $id } · { $name } (тема появится чуть позже)
# In a ticket's topic made again after the old one was deleted; its last
# messages follow, one per line.
topic-recovered = Тема обращения { $id } была удалена, поэтому я создал её заново. Последние сообщения:
topic-recovered-from-owner = Автор: { $text }
topic-recovered-from-team = Команда: { $text }

new-ticket-in-topic =
    Новое обращение { $id }, автор { $owner }:
    { $text }

    Чтобы ответить автору, просто напишите в этой теме. Отправьте /claim, чтобы взять обращение себе.
new-ticket-in-topic-with-media =
    Новое обращение { $id }, автор { $owner }:
    { $text }
    (вложение ниже: { $media })

    Чтобы ответить автору, просто напишите в этой теме. Отправьте /claim, чтобы взять обращение себе.
# The opening notice in a ticket's topic once a team member ($name) claimed
# it (the notice is edited); otherwise as "new-ticket-in-topic".
new-ticket-in-topic-claimed =
    Новое обращение { $id }, автор { $owner }:
    { $text }

    На обращение отвечает { $name }. Чтобы ответить автору, просто напишите в этой теме.
new-ticket-in-topic-claimed-with-media =
    Новое обращение { $id }, автор { $owner }:
    { $text }
    (вложение ниже: { $media })

    На обращение отвечает { $name }. Чтобы ответить автору, просто напишите в этой теме.
# The name of a claimed ticket's topic. $topic: the ticket's ID and its
# owner's name ("1A2B3C4D · Ann"); $member: the team member answering it.
topic-name-claimed = { $topic } · отвечает { $member }

## The team's inbox on the web (pages and the dashboard).
web-title = Входящие поддержки
web-inbox = Входящие
web-dashboard = Сводка
web-logout = Выйти
web-logged-out = Вы вышли.
web-tabs = Обращения
web-tab-open = Открытые
web-tab-unclaimed = Ничьи
web-tab-mine = Мои
web-tab-closed = Закрытые
web-search = Поиск по номеру, имени или тексту
web-search-button = Найти
web-col-id = Номер
web-col-name = Имя
web-col-first = Первое сообщение
web-col-age = Открыто
web-col-status = Состояние
web-col-claimed = Кто отвечает
web-status-waiting = Ждёт ответа
web-status-open = Открыто
web-status-closed = Закрыто
web-unreachable = Недоступен
web-unread = Новые сообщения
web-banned = Заблокирован
web-none = Здесь пока нет обращений.
web-page = Страница { $page } из { $pages }
web-newer = Новее
web-older = Старее
web-back = Назад ко входящим
web-claimed-by = Отвечает { $name }
web-from-team = Поддержка
web-note-label = Заметка для команды, не отправлена
web-edited = изменено
web-held = задержано (слишком много сообщений)
web-compose-label = Ваше сообщение
web-reply-button = Отправить: { $name }
web-note-button = Сохранить как заметку (не отправляется)
web-answers-label = Готовый ответ
web-answer-button = Отправить этот ответ
web-claim = Взять себе
web-unclaim = Отдать
web-close = Закрыть обращение
web-reopen = Открыть снова
web-ban = Заблокировать
web-bot-starting = Бот ещё запускается. Попробуйте чуть позже.
web-too-long = Это сообщение слишком длинное: не больше { $max } символов. Сократите его и отправьте снова.
web-need-login = Сначала войдите: отправьте боту /web в Telegram или откройте входящие кнопкой меню бота.
web-not-team = Вы не в команде поддержки, поэтому эта страница вам закрыта.
web-login-title = Вход во входящие поддержки
web-login-button = Войти
web-login-bad = Эта ссылка уже использована или устарела. Отправьте боту /web, чтобы получить новую.
web-fig-open = Открытые обращения
web-fig-unanswered = Ещё без ответа: { $n }
web-fig-today = Сегодня: открыто / закрыто
web-fig-week = За неделю: открыто / закрыто
web-fig-month = За месяц: открыто / закрыто
web-fig-first-answer = Медиана до первого ответа
web-fig-to-close = Медиана до закрытия
web-fig-rating = Средняя оценка
web-fig-total = Всего обращений
web-fig-chats = Чаты
web-fig-status = Файл данных
web-fig-status-ok = работает
web-fig-status-degraded = не записывается
web-chart-per-day = Открыто и закрыто по дням (30 дней)
web-nav = Разделы
web-opened = Открыто
web-now = Сейчас
web-periods = Открыто / закрыто за период
web-operations = Работа бота
web-series-opened = Открыто
web-series-closed = Закрыто
web-series-tickets = Обращения
web-fig-ratings = { $n ->
    [one] по { $n } оценке
   *[other] по { $n } оценкам
}
web-chart-first-answer = Время до первого ответа (30 дней)
web-chart-ages = Открытые обращения по возрасту
web-bucket-5m = до 5 мин
web-bucket-1h = до 1 часа
web-bucket-4h = до 4 часов
web-bucket-1d = до 1 дня
web-bucket-3d = до 3 дней
web-bucket-7d = до 7 дней
web-bucket-more = дольше

web-login-link = Ваша ссылка для входа во входящие поддержки (работает один раз, 5 минут): { $url }
web-login-in-private = Отправьте /web в личном чате с ботом: ссылкой в группе мог бы воспользоваться любой участник.
inbox-not-set = Входящие поддержки не настроены: укажите в PUBLIC_URL публичный https-адрес бота и перезапустите его. После этого /inbox и /web откроют входящие.
menu-team-web = Ссылка для входа во входящие поддержки
menu-team-inbox = Открыть входящие поддержки
help-team-inbox = кнопка, открывающая входящие поддержки (в личном чате — внутри Telegram, в группе — ссылкой)
help-team-setup = в группе, для которой бот ещё не настроен: номер группы и что указать, чтобы сделать её группой команды
inbox-link = Входящие поддержки: все обращения, переписка по ним и сводка.
inbox-button = Открыть входящие
inbox-menu-button = Входящие
help-team-web = одноразовая ссылка для входа во входящие поддержки в браузере (только в личном чате)
