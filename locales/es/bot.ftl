### Messages of support-bot in Spanish.
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
### Spanish: neutral Spanish (Spain and Latin America). People asking for
### help are addressed with «tú». "ticket" is masculine (el ticket, abierto).
###
### Numbers can choose a wording by plural category, e.g.
###     { $n ->
###         [one] hace { $n } minuto
###        *[other] hace { $n } minutos
###     }
### Spanish uses the categories one and other.

# The language's name in itself, on the buttons for choosing a language.
language-name = Español


## People asking for help
## These messages go to a person's private chat with the bot.

# The first message a person gets (after /start). Below it is the button
# "button-open-ticket", whose label is put in here.
welcome =
    ¡Hola! Soy el bot de soporte.
    Cuéntame qué salió mal y nuestro equipo te responderá aquí mismo.

    Toca "{ button-open-ticket }" abajo o envía /new para empezar.

# The answer to /language. One button per language follows, each with the
# language's name in itself (English, Русский...).
choose-language =
    ¿En qué idioma quieres que te hable?
    Toca uno abajo.

# A language was chosen with a button; said in the chosen language.
language-chosen =
    De acuerdo, a partir de ahora te hablaré en español.
    Envía /language para cambiarlo de nuevo.

# The first line of the answer to /help. The list of commands follows on the
# next lines.
user-help-intro = Esto es lo que puedes hacer:

# Added after the list of commands in the answer to /help when the person
# has an open ticket. $id: the ticket ID.
user-help-open-ticket = Tu ticket { $id } está abierto. Todo lo que escribas aquí se añade a él.

# After /new: the bot waits for the description of the problem.
ask-description =
    Describe tu problema en un solo mensaje, por favor.
    Envía /cancel si cambiaste de opinión.

# After /new, when the person sends something that is not a description
# (a command, a button press...).
still-waiting-for-description =
    Estoy esperando tu descripción.
    Describe tu problema en un solo mensaje, o envía /cancel para dejarlo.

# After /cancel while the bot waited for a description.
cancelled =
    De acuerdo, no se abrió ningún ticket.
    Envía /new cuando necesites ayuda.

# After /cancel when there was nothing to cancel.
nothing-to-cancel =
    No hay nada que cancelar.
    Envía /new para abrir un ticket.

# A ticket was opened after /new and a description. $id: the ticket ID.
# Below it is the button "button-close-mine".
ticket-opened =
    ¡Gracias! Tu ticket { $id } está abierto.
    Nuestro equipo te responderá aquí.
    Puedes enviar más mensajes para añadirlos. Envía /close cuando tu problema esté resuelto.

# A ticket was opened straight from the first message a person wrote (without
# /new). $id: the ticket ID. Below it is the button "button-close-mine".
ticket-opened-first-message =
    ¡Gracias! Abrí el ticket { $id } con tu mensaje.
    Nuestro equipo te responderá aquí.
    Puedes enviar más mensajes para añadirlos. Si no querías abrir un ticket, envía /close.


# Added under the confirmation of a new ticket while the team is away
# (outside WORKING_HOURS). $day: "today", "tomorrow" or a weekday in
# English ("monday"...); $time: when the team starts, like 09:00.
team-away =
    Ahora nuestro equipo no está. Volverá { $day ->
        [today] hoy
        [tomorrow] mañana
        [monday] el lunes
        [tuesday] el martes
        [wednesday] el miércoles
        [thursday] el jueves
        [friday] el viernes
        [saturday] el sábado
       *[sunday] el domingo
    } a las { $time } (hora de { $zone }), y tu ticket le estará esperando.
# A later message was added to the person's open ticket. $id: the ticket ID.
added-to-ticket = Añadido a tu ticket { $id }. Nuestro equipo te responderá aquí.

# After /new when the person already has an open ticket. $id: the ticket ID.
already-open =
    Ya tienes un ticket abierto: { $id }.
    Escribe aquí para añadir algo, o envía /close para cerrarlo primero.

# Reminds the person that their ticket is still open. $id: the ticket ID.
still-open =
    Tu ticket { $id } sigue abierto.
    Envía /close si quieres cerrarlo.

# The person closed their ticket. $id: the ticket ID.
closed-by-you =
    El ticket { $id } está cerrado. ¡Gracias!
    Envía /new si vuelves a necesitar ayuda.

# After /close when the person has no open ticket.
no-open-ticket =
    No tienes ningún ticket abierto.
    Envía /new para abrir uno.

# The answer to /mytickets when the person never opened a ticket.
your-tickets-none =
    Todavía no tienes tickets.
    Envía /new para abrir uno.

# The answer to /mytickets: the first line, then one "your-tickets-item" per
# ticket, then "your-tickets-end", separated by blank lines.
your-tickets-intro = Tus tickets, del más reciente al más antiguo:

# One ticket in the answer to /mytickets.
# $id: the ticket ID. $status: "status-open" or "status-closed".
# $age: when it was opened, one of the "Times" messages (e.g. "5 minutes ago").
# $excerpt: the start of the ticket's first message, as the person wrote it.
your-tickets-item =
    { $id } - { $status } - abierto { $age }
    "{ $excerpt }"

# The last line of the answer to /mytickets.
your-tickets-end = Envía /new para abrir otro ticket.

# A reply from the support team, passed on to the person.
# $id: the ticket ID. $text: the team's reply as they wrote it (may have
# several lines).
from-support =
    Equipo de soporte (ticket { $id }):
    { $text }

# The support team sent an attachment; it follows this message.
# $id: the ticket ID. $media: the kind of attachment, one of the "media-..."
# messages (e.g. "a photo").
from-support-media = El equipo de soporte (ticket { $id }) te envió { $media }:

# The support team closed the person's ticket. $id: the ticket ID.
closed-by-support =
    Nuestro equipo cerró tu ticket { $id }.
    Envía /new si vuelves a necesitar ayuda.

# The person sent something the bot cannot pass on (a poll, a game...).
only-text =
    Lo siento, no puedo reenviar este tipo de mensaje.
    Puedo reenviar texto, fotos, videos, mensajes de voz, audios, archivos, stickers, GIF, ubicaciones y contactos.
    Por favor, escribe tu mensaje con palabras o envía alguna de esas cosas.

# A person used a command of the support team.
# $command: the command's name without the slash (e.g. "reply").
admin-only =
    Lo siento, /{ $command } es solo para el equipo de soporte.
    Envía /help para ver lo que puedes hacer.

# A command the bot does not have. Also sent to the support team.
# $command: what was typed after the slash.
unknown-command =
    No conozco el comando /{ $command }.
    Envía /help para ver lo que puedes hacer.

# Someone edited a message they had already sent, and the edit cannot be
# passed on. Also sent to the support team.
edit-not-seen =
    No puedo reenviar cambios en un mensaje que ya enviaste.
    Envía el texto corregido como un mensaje nuevo, por favor.

# A person edited a message of their open ticket; the support team got the
# new text. $id: the ticket ID.
edit-passed-on = Le pasé tu cambio a nuestro equipo (ticket { $id }).

# The person's message could not be saved; it was not passed on.
save-failed =
    Lo siento, algo falló por nuestra parte y no pude guardar tu mensaje.
    Vuelve a enviarlo en un minuto, por favor.

# Someone wrote to the bot in a group that is not the support team's chat.
private-chat-only = Escríbeme en un chat privado, por favor, para que solo nuestro equipo vea tu mensaje.

# /setup from an admin of a group the bot is not set up for. $chat: the
# group's id (with its minus sign). The line TEAM_CHAT_ID=<id> follows.
group-setup =
    El ID de este grupo es { $chat }.
    Para que sea el grupo del equipo de soporte, pon esta línea en la configuración del bot (el archivo .env) y reinicia el bot:
# After that line, when the group has no topics yet.
group-setup-no-topics = Primero activa los Temas en la configuración del grupo (Editar), para que cada ticket tenga su propio tema. Telegram puede darle entonces un ID nuevo al grupo: envía /setup otra vez para verlo.
# /setup in one of the support team's chats. $chat: its id.
set-up-already = Este chat ya es uno de los chats del equipo de soporte (su ID es { $chat }). Aquí no hay nada más que configurar.

# A person tried to close (or act on) a ticket that is not their open one,
# while they do have another open ticket.
# $id: the ticket ID they named. $open: the ID of their open ticket.
not-your-open-ticket =
    El ticket { $id } no es tu ticket abierto. Tu ticket abierto es { $open }.
    Envía /close para cerrarlo.

# The same, when the person has no open ticket at all. $id: the ticket ID they named.
not-your-open-ticket-none =
    El ticket { $id } no es tu ticket abierto. No tienes ningún ticket abierto.
    Envía /new para abrir uno.


## The support team
## These messages go to the support team (admins' private chats and the team's group).
## $owner is always a person as in "person" or "person-with-username",
## e.g. "Ann (@ann, 5551)"; $name is a person's name alone, e.g. "Ann".

# The first line of the answer to /help for the team. The list of commands
# follows on the next lines.
admin-help-intro = Comandos del equipo de soporte:

# Added after the list of commands in the answer to /help when the admin is
# answering a ticket. $id: the ticket ID.
admin-help-replying = Ahora estás respondiendo al ticket { $id }.

# A new ticket. $id: the ticket ID. $text: the person's first message (may
# have several lines). Below it are the buttons "button-answer" and
# "button-close".
new-ticket =
    Nuevo ticket { $id } de { $owner }:
    { $text }

    Para contestar, responde a este mensaje o envía /reply { $id }

# A new ticket whose first message has an attachment, which follows this
# message. $media: the kind of attachment, one of the "media-..." messages
# (e.g. "a photo"). Otherwise as "new-ticket".
new-ticket-with-media =
    Nuevo ticket { $id } de { $owner }:
    { $text }
    (con { $media } abajo)

    Para contestar, responde a este mensaje o envía /reply { $id }

# The ticket's owner sent an attachment, which follows this message.
# $id: the ticket ID. $media: one of the "media-..." messages (e.g. "a photo").
owner-sent = Ticket { $id }, { $owner } envió { $media }:

# The ticket's owner wrote more. $id: the ticket ID. $text: what they wrote
# (may have several lines). Below it are the buttons "button-answer" and
# "button-close".
owner-wrote =
    Ticket { $id }, { $owner } escribió:
    { $text }
# Messages held back while the owner wrote too fast, passed on together.
held-passed-on =
    Ticket { $id }, { $owner } escribió muy rápido. { $count ->
        [one] Este mensaje se retuvo un momento:
       *[other] Estos { $count } mensajes se retuvieron un momento:
    }
    { $lines }
held-line = — { $text }
held-line-with-media = — ({ $media }, abajo) { $text }

# The ticket's owner edited a message. $id: the ticket ID. $text: the new
# text (may have several lines).
owner-edited =
    Ticket { $id }, { $owner } cambió un mensaje. Ahora dice:
    { $text }

# The ticket's owner closed it. $id: the ticket ID.
closed-by-owner = { $owner } cerró el ticket { $id }.

# An admin closed a ticket; told to the other admins. $id: the ticket ID.
# $admin: the admin's name.
closed-by-admin = { $admin } cerró el ticket { $id }.

# The admin closed a ticket and its owner was told. $id: the ticket ID.
you-closed = El ticket { $id } está cerrado. Ya avisé a { $name }.

# The ticket's owner blocked the bot. $id: the ticket ID.
owner-blocked-bot =
    { $owner } bloqueó al bot, así que por ahora no le llegan las respuestas del ticket { $id }.
    El ticket sigue abierto. Te avisaré si desbloquea al bot.

# The ticket's owner unblocked the bot again. $id: the ticket ID.
owner-unblocked-bot = { $owner } desbloqueó al bot. Las respuestas del ticket { $id } vuelven a llegarle.

# After /reply ID: the admin's next messages go to the ticket's owner.
# $id: the ticket ID. $excerpt: the start of the owner's last message.
now-replying =
    Estás respondiendo al ticket { $id } de { $owner }.
    Su último mensaje: "{ $excerpt }"
    Todo lo que envíes ahora le llegará a { $name }. Envía /done cuando termines.

# The admin's reply reached the ticket's owner. $id: the ticket ID.
delivered = Enviado a { $name } (ticket { $id }).

# After /done. $id: the ticket ID.
stopped-replying =
    Dejaste de responder al ticket { $id }.
    Envía /tickets para ver los tickets abiertos.

# After /done when the admin was not answering a ticket.
not-replying =
    Ahora no estás respondiendo a ningún ticket.
    Envía /tickets para ver los tickets abiertos.

# A command that needs a ticket ID came without one.
# $command: the command's name without the slash (e.g. "reply").
# 1A2B3C4D is an example ticket ID: keep it.
need-ticket-id =
    Añade el ID del ticket, así: /{ $command } 1A2B3C4D
    Envía /tickets para ver los tickets abiertos.

# What came after a command is not a ticket ID. $input: what the admin typed.
# 1A2B3C4D is an example ticket ID: keep it.
not-a-ticket-id =
    "{ $input }" no es un ID de ticket. Un ID de ticket tiene 8 letras y números, como 1A2B3C4D.
    Envía /tickets para ver los tickets abiertos.

# No ticket has this ID. $id: the ticket ID.
unknown-ticket =
    No encuentro el ticket { $id }.
    Envía /tickets para ver los tickets abiertos.

# The admin answered a closed ticket; the answer was not passed on.
# $id: the ticket ID.
ticket-is-closed =
    El ticket { $id } está cerrado, así que no se envió nada.
    Envía /tickets para ver los tickets abiertos.

# After /close ID of a ticket that was closed before. $id: the ticket ID.
already-closed = El ticket { $id } ya está cerrado.

# The answer to /whois ID. $id: the ticket ID. $status: "status-open" or
# "status-closed". $count: how many tickets the owner has opened in all (a
# number; choose the wording by its plural category if your language needs to).
ticket-owner =
    El ticket { $id } ({ $status }) es de { $owner }.
    Tickets que ha abierto en total: { $count }.
    { $place ->
        [topic] Para responderle, escribe en este tema.
       *[chat] Para responderle, envía /reply { $id }
    }

# The answer to /tickets when no ticket is open.
open-tickets-none = Ahora no hay tickets abiertos.

# The answer to /tickets: this first line, then one "open-tickets-item" (or
# "open-tickets-item-unreachable") per ticket, then "open-tickets-end",
# separated by blank lines. $count: how many tickets are open (a number).
open-tickets-intro = Tickets abiertos ({ $count }), primero los que llevan más tiempo esperando:

# One open ticket in the answer to /tickets. $id: the ticket ID.
# $age: when it was opened, one of the "Times" messages (e.g. "2 hours ago").
# $excerpt: the start of the owner's last message.
open-tickets-item =
    { $id } - { $owner } - abierto { $age }
    Último mensaje: "{ $excerpt }"

# The same, for a ticket whose owner cannot be reached (blocked the bot,
# deleted their account).
open-tickets-item-unreachable =
    { $id } - { $owner } - abierto { $age } - no se le puede contactar
    Último mensaje: "{ $excerpt }"

# The last line of the answer to /tickets.
open-tickets-end = Para responder a uno, envía /reply seguido de su ID.

# An admin wrote something while not answering a ticket.
# 1A2B3C4D is an example ticket ID: keep it.
admin-idle-hint =
    Para responder a un ticket, envía /reply seguido de su ID, como /reply 1A2B3C4D.
    Envía /tickets para ver los tickets abiertos.

# An admin used a command meant for people asking for help.
# $command: the command's name without the slash (e.g. "new").
not-for-admins =
    /{ $command } es para las personas que piden ayuda. Tú eres del equipo de soporte.
    Envía /help para ver tus comandos.

# An admin's answer was not text (a photo...) and could not be passed on.
admin-only-text = Lo siento, por ahora solo puedo reenviar texto. No se envió nada.

# The admin's answer did not reach the ticket's owner. $id: the ticket ID.
# $reason: why, one of the "reason-" messages below.
not-delivered =
    { $name } no recibió tu mensaje del ticket { $id }: { $reason }.
    Quedó guardado en el ticket.

# The ticket was closed but its owner could not be told. $id: the ticket ID.
# $reason: why, one of the "reason-" messages below.
not-delivered-closing = El ticket { $id } está cerrado, pero no pude avisar a { $name }: { $reason }.


## Words put into other messages
## Short pieces that the messages above insert as arguments.

# A ticket's state, as $status in "your-tickets-item" and "ticket-owner".
status-open = abierto
status-closed = cerrado

# The kinds of attachment, as $media in "from-support-media", "new-ticket-with-media"
# and "owner-sent" ("te envió una foto:", "(con una foto abajo)", "envió una foto:").
media-photo = una foto
media-document = un archivo
media-voice = un mensaje de voz
media-video = un video
media-audio = un audio
media-sticker = un sticker
media-location = una ubicación
media-contact = un contacto
media-animation = un GIF
# A round video message recorded in Telegram.
media-video-note = un videomensaje

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
button-open-ticket = Abrir un ticket

# For the support team, under "new-ticket" and "owner-wrote": start answering
# the ticket, like /reply ID.
button-answer = Responder

# For the support team, under "new-ticket" and "owner-wrote": close the
# ticket, like /close ID.
button-close = Cerrar

# For the person, under "ticket-opened": close their own ticket.
button-close-mine = Cerrar ticket


## Times
## How long ago a ticket was opened, as $age in "your-tickets-item" and
## "open-tickets-item". $n: a whole number, at least 1.

# Less than a minute ago.
age-just-now = ahora mismo

age-minutes =
    { $n ->
        [one] hace { $n } minuto
       *[other] hace { $n } minutos
    }

age-hours =
    { $n ->
        [one] hace { $n } hora
       *[other] hace { $n } horas
    }

age-days =
    { $n ->
        [one] hace { $n } día
       *[other] hace { $n } días
    }

## Commands
# The command menus Telegram shows beside the text box, and the lines of
# the help texts. Command names and arguments (ID, text) stay as they are.

menu-people-new = Abrir un ticket
menu-team-tickets = Ver los tickets abiertos
menu-team-reply = Responder a un ticket: /reply ID o /reply ID text
menu-team-done = Dejar de responder
menu-people-close = Cerrar tu ticket abierto
menu-team-close = Cerrar un ticket: /close ID
menu-team-whois = Quién abrió un ticket: /whois ID
menu-people-mytickets = Ver tus tickets
menu-people-language = Elegir tu idioma
menu-people-cancel = Dejar de abrir un ticket
menu-people-help = Lo que puedo hacer
menu-team-help = Los comandos del equipo de soporte

help-people-new = abrir un ticket
help-team-tickets = ver los tickets abiertos
help-team-reply-id = responder a un ticket: todo lo que envíes después le llega a quien lo abrió
help-team-reply-id-text = enviar un solo mensaje a quien abrió un ticket
help-team-done = dejar de responder
help-people-close = cerrar tu ticket abierto
help-team-close-id = cerrar un ticket
help-team-whois-id = quién abrió un ticket y cómo contactar con esa persona
help-people-mytickets = ver tus tickets
help-people-language = elegir el idioma en que te hablo
help-people-cancel = dejar de abrir un ticket

## Why a message did not arrive
## Put into "not-delivered" and "not-delivered-closing" as $reason.
## $detail: what Telegram answered, in English, as Telegram wrote it.

reason-blocked = bloqueó al bot
reason-deleted = su cuenta de Telegram se eliminó
reason-chat-unknown = Telegram ya no reconoce su chat
reason-refused = Telegram lo rechazó ({ $detail })
reason-group-moved = el grupo pasó a ser un supergrupo
reason-slow-down = Telegram pidió varias veces enviar más despacio
reason-unreachable = no se pudo conectar con Telegram
reason-other = algo salió mal ({ $detail })

## Their data
## /mydata and /forget: a person's data on request.

menu-people-mydata = Recibir todo lo que guardo sobre ti
help-people-mydata = recibir en un archivo todo lo que guardo sobre ti
menu-people-forget = Borrar tus mensajes y tu nombre
help-people-forget = borrar tus mensajes y tu nombre
help-team-forget-id = borrar los mensajes y el nombre del dueño de un ticket
button-forget-me = Sí, borrar mis datos
their-data = Aquí tienes todo lo que guardo sobre ti: tus tickets y todos sus mensajes.
forget-ask =
    ¿Quieres que borre tus mensajes y tu nombre?
    Tus tickets quedarán como registros anónimos, para que nuestro equipo pueda seguir contándolos.
    No se puede deshacer. Toca el botón de abajo para seguir.
forgotten =
    Listo. Borré tus mensajes y tu nombre.
    Envía /new cuando vuelvas a necesitar ayuda.
person-forgotten = La persona del chat { $chat } pidió ser olvidada. Sus mensajes y su nombre están borrados; sus tickets quedan como registros anónimos.
owner-forgotten = Los mensajes y el nombre del dueño del ticket { $id } (chat { $chat }) están borrados.
person-erased = (borrado)

## Rating
## After a ticket closes, its owner is asked once to rate the help.
## $stars: 1 to 5. $comment: what the person wrote, passed on as it is.

rate-ask =
    ¿Qué tal lo hicimos con el ticket { $id }?
    Toca un número: 1 es malo, 5 es excelente.
rating-thanks =
    ¡Gracias por valorar el ticket { $id }!
    Si quieres, cuéntanos en un mensaje qué podríamos hacer mejor. Para abrir un ticket nuevo, envía /new.
already-rated = Ya valoraste el ticket { $id }. ¡Gracias!
rating-refused = Lo siento, solo puedes valorar tus propios tickets cuando ya están cerrados.
comment-thanks = ¡Gracias! Pasé tu comentario a nuestro equipo.
rated = El ticket { $id } recibió un { $stars } de 5.
rating-commented =
    Comentario sobre la valoración del ticket { $id }:
    { $comment }

## Figures
## /stats for the support team. Numbers and the time zone stay as they are.

menu-team-stats = Cifras: tickets, tiempos de respuesta, valoraciones
help-team-stats = cifras: tickets abiertos y cerrados, tiempos de respuesta, valoraciones
stats-none = todavía ninguna
duration-minutes = { $n ->
    [one] 1 minuto
   *[other] { $n } minutos
}
duration-hours = { $n ->
    [one] 1 hora
   *[other] { $n } horas
}
duration-days = { $n ->
    [one] 1 día
   *[other] { $n } días
}
stats =
    Cifras (días según { $zone }):
    Hoy: { $today-opened } abiertos, { $today-closed } cerrados.
    Esta semana: { $week-opened } abiertos, { $week-closed } cerrados.
    Este mes: { $month-opened } abiertos, { $month-closed } cerrados.
    Abiertos ahora: { $open }, de ellos { $unanswered } sin respuesta todavía.
    Tiempo mediano hasta la primera respuesta: { $first-answer }.
    Tiempo mediano hasta el cierre: { $to-close }.
    Valoración media: { $rating } (de { $ratings ->
        [one] una valoración
       *[other] { $ratings } valoraciones
    }).

## Notes and reopening
## /note: internal notes of the team, never sent to the person. /reopen: a
## closed ticket opens again. $open: another ticket of the same person.

menu-team-note = Añadir una nota interna a un ticket
help-team-note-id-text = añadir una nota interna a un ticket; nunca se envía a su dueño
help-team-note-text = lo mismo, en el ticket que estás contestando
menu-team-reopen = Volver a abrir un ticket cerrado: /reopen ID
help-team-reopen-id = volver a abrir un ticket cerrado; se avisa a su dueño
note-added = Nota añadida al ticket { $id }. No se envió al dueño.
note-empty = Escribe la nota después del comando, así: /note 1A2B3C4D Le devolvimos la llamada.
not-closed = El ticket { $id } ya está abierto.
reopen-refused = El ticket { $id } sigue cerrado: su dueño tiene abierto el ticket { $open }. Envía /reply { $open } para contestar ese.
reopened-by-support =
    Nuestro equipo volvió a abrir tu ticket { $id }.
    Escribe aquí para añadir algo, o envía /close cuando termines.
you-reopened = El ticket { $id } está abierto otra vez. Se lo dije a { $name }.
reopened-by-admin = { $admin } volvió a abrir el ticket { $id }.

## Working as a team: topics, claiming, saved answers, bans, spam.
## $id: a ticket ID. $name: a first name. $chat: a person's chat id (a number).
## Spanish: claim = «tomar un ticket»; saved answer = «respuesta guardada»;
## ban = «bloquear», «bloqueo»; chat id = «ID de chat».

# To a person, when AGENT_NAMES=first_name: a message from one team member.
# $agent: their first name. $text: exactly what they typed (may be several lines).
from-agent =
    { $agent }, del equipo de soporte (ticket { $id }):
    { $text }
# The same with an attachment, which follows this message. $media: e.g. "a photo".
from-agent-media = { $agent }, del equipo de soporte (ticket { $id }), te envió { $media }:

# To a person sending many messages within a minute.
slow-down =
    Estás enviando muchos mensajes muy rápido. Los guardo todos en el ticket { $id }.
    El equipo los recibirá juntos en menos de un minuto. Espera un minuto antes de escribir más, por favor.
# To a banned person, once.
you-are-banned = Lo siento, el equipo de soporte ya no acepta tus mensajes.

# /tickets followed by a word it does not know. $input: that word.
unknown-ticket-filter =
    Aquí no conozco "{ $input }".
    Envía /tickets para ver todos los tickets abiertos, /tickets mine para ver los tuyos, o /tickets unclaimed para ver los que nadie tomó.
open-tickets-none-mine = No has tomado ningún ticket abierto. Envía /tickets unclaimed para encontrar uno.
open-tickets-none-unclaimed = Todos los tickets abiertos ya los tomó alguien.
open-tickets-intro-mine = Tus tickets abiertos ({ $count }), primero los que llevan más tiempo esperando:
open-tickets-intro-unclaimed = Tickets abiertos que nadie tomó ({ $count }), primero los que llevan más tiempo esperando:
# Under a ticket in /tickets: who claimed it.
open-tickets-claimed = Lo está respondiendo { $name }.

# Claiming. "Claim" means: I answer this ticket.
button-claim = Tomar
menu-team-claim = Tomar un ticket: /claim ID
help-team-claim-id = tomar un ticket: el equipo ve que lo respondes tú (en su tema no hace falta el ID)
help-team-unclaim-id = devolver un ticket para que cualquiera pueda tomarlo
help-team-tickets-mine = los tickets abiertos que tomaste
help-team-tickets-unclaimed = los tickets abiertos que nadie tomó
you-claimed = Ahora respondes tú al ticket { $id }. El resto del equipo lo puede ver.
claimed = { $name } está respondiendo al ticket { $id }.
already-yours = Ya estás respondiendo al ticket { $id }.
already-claimed =
    { $name } ya está respondiendo al ticket { $id }.
    Para quedártelo, envía primero /unclaim { $id } y luego /claim { $id }.
not-claimed = Nadie ha tomado el ticket { $id }.
you-unclaimed = El ticket { $id } vuelve a estar libre (lo tenía { $name }). Cualquiera puede tomarlo.
unclaimed = { $name } devolvió el ticket { $id }. Cualquiera puede tomarlo.
unclaimed-from = { $name } le quitó el ticket { $id } a { $from }. Nadie lo tiene ahora: cualquiera puede tomarlo.
# To the team member whose claim someone else gave back. $name: who gave it back.
claim-taken-back = { $name } te quitó el ticket { $id }. Nadie lo tiene ahora: cualquiera puede tomarlo.
claimed-by-other =
    Aviso: { $name } está respondiendo al ticket { $id }. Tu mensaje se envió de todos modos.
    Solo te lo digo una vez.

# Saved answers. $name: the short name of a saved answer.
menu-team-a = Enviar una respuesta guardada: /a name ID
help-team-a-name-id = enviar una respuesta guardada a quien abrió un ticket (en su tema, o mientras le respondes, no hace falta el ID)
menu-team-answers = Las respuestas guardadas del equipo
help-team-answers = ver las respuestas guardadas
help-team-save-name-text = guardar una respuesta para todo el equipo con un nombre corto
help-team-unsave-name = borrar una respuesta guardada
answers-none = Todavía no hay respuestas guardadas. Guarda una así: /save hours Abrimos de 9 a 18, de lunes a viernes.
# The answer to /answers: this line, then one "answers-item" per answer, then "answers-end".
answers-intro = Respuestas guardadas ({ $count }):
# $excerpt: the start of the answer.
answers-item = { $name }: "{ $excerpt }"
answers-end = Para enviar una, usa /a seguido de su nombre y el ID del ticket, como /a hours 1A2B3C4D.
answer-name-bad =
    "{ $name }" no sirve como nombre de una respuesta. Usa una sola palabra corta con letras, números, - o _.
    Así: /save hours Abrimos de 9 a 18, de lunes a viernes.
answer-needs-text = Escribe la respuesta después de su nombre, así: /save { $name } Gracias por esperar.
answer-saved = Guardé la respuesta "{ $name }". Envíala con /a { $name } seguido del ID de un ticket.
answer-replaced = Cambié la respuesta "{ $name }". Envíala con /a { $name } seguido del ID de un ticket.
answer-removed = Borré la respuesta "{ $name }".
# $known: the names of the saved answers, separated by commas.
unknown-answer = No hay ninguna respuesta llamada "{ $name }". Respuestas guardadas: { $known }.
unknown-answer-none-saved = No hay ninguna respuesta llamada "{ $name }". Todavía no hay respuestas guardadas: guarda una con /save.

# Bans.
help-team-ban-id-reason = bloquear a quien abrió un ticket (o un ID de chat): se rechazan sus mensajes y se cierra su ticket abierto
help-team-ban-id-silent = lo mismo, pero nunca se le avisa (para quienes envían spam)
help-team-unban-id = quitar un bloqueo
help-team-banned = ver quién está bloqueado
# Used when the bot does not know a person's name.
# Spanish: only put in mid-sentence ("Bloqueé a alguien", "(alguien)").
someone = alguien
not-a-person = { $chat } no es el chat de una persona. Indica el ID de un ticket o el ID de chat de una persona.
already-banned = El chat { $chat } ya está bloqueado. Envía /unban { $chat } para quitar el bloqueo.
you-banned = Bloqueé a { $name } (chat { $chat }). La próxima vez que escriba, le diré que ya no aceptamos sus mensajes.
you-banned-silent = Bloqueé a { $name } (chat { $chat }) sin avisar: nunca se le dirá nada.
ban-closed-ticket = Su ticket abierto { $id } está cerrado.
ban-undo = Para quitar el bloqueo, envía /unban { $chat }.
# To the rest of the team. $by: the first name of who banned them.
person-banned = { $by } bloqueó a { $name } (chat { $chat }).
not-banned = El chat { $chat } no está bloqueado.
you-unbanned = Desbloqueé a { $name } (chat { $chat }): puede volver a escribirnos.
banned-none = No hay nadie bloqueado.
# The answer to /banned: this line, one "banned-item" per person, then "banned-end".
banned-intro = Bloqueados ({ $count }):
# $reason: why, as the team wrote it, or "-". $refused: how many of their messages were refused.
banned-item =
    Chat { $chat } ({ $name }): { $reason }
    Mensajes rechazados desde el bloqueo: { $refused }
banned-item-silent =
    Chat { $chat } ({ $name }), sin avisarle: { $reason }
    Mensajes rechazados desde el bloqueo: { $refused }
banned-end = Para quitar un bloqueo, envía /unban seguido del ID de chat.

# In General of the team's forum group: new tickets, each in its own topic.
# $count: how many (a number). One "general-new-ticket-item" line follows per ticket.
general-new-tickets = { $count ->
    [one] Nuevo ticket:
   *[other] { $count } tickets nuevos:
}
# $name: the person's name. $link: a link to the ticket's topic.
general-new-ticket-item = { $id } · { $name }: { $link }
# The same, before the ticket's topic is made (it follows soon).
general-new-ticket-item-no-topic = { $id } · { $name } (su tema llegará pronto)
# In a ticket's topic made again after the old one was deleted; its last
# messages follow, one per line.
topic-recovered = El tema del ticket { $id } se borró, así que lo creé de nuevo. Los últimos mensajes fueron:
topic-recovered-from-owner = Dueño: { $text }
topic-recovered-from-team = Equipo: { $text }

new-ticket-in-topic =
    Nuevo ticket { $id } de { $owner }:
    { $text }

    Para contestar, escribe en este tema. Envía /claim para tomar el ticket.
new-ticket-in-topic-with-media =
    Nuevo ticket { $id } de { $owner }:
    { $text }
    (con { $media } abajo)

    Para contestar, escribe en este tema. Envía /claim para tomar el ticket.
# The opening notice in a ticket's topic once a team member ($name) claimed
# it (the notice is edited); otherwise as "new-ticket-in-topic".
new-ticket-in-topic-claimed =
    Nuevo ticket { $id } de { $owner }:
    { $text }

    { $name } está respondiendo a este ticket. Para contestar, escribe en este tema.
new-ticket-in-topic-claimed-with-media =
    Nuevo ticket { $id } de { $owner }:
    { $text }
    (con { $media } abajo)

    { $name } está respondiendo a este ticket. Para contestar, escribe en este tema.
# The name of a claimed ticket's topic. $topic: the ticket's ID and its
# owner's name ("1A2B3C4D · Ann"); $member: the team member answering it.
topic-name-claimed = { $topic } · responde { $member }

## The team's inbox on the web (pages and the dashboard).
web-title = Bandeja de soporte
web-inbox = Bandeja
web-dashboard = Panel
web-logout = Cerrar sesión
web-logged-out = Has cerrado la sesión.
web-tabs = Tickets
web-tab-open = Abiertos
web-tab-unclaimed = Sin asignar
web-tab-mine = Míos
web-tab-closed = Cerrados
web-search = Buscar por ID, nombre o texto
web-search-button = Buscar
web-col-id = ID
web-col-name = Nombre
web-col-first = Primer mensaje
web-col-age = Abierto
web-col-status = Estado
web-col-claimed = Lo atiende
web-status-waiting = Espera al equipo
web-status-open = Abierto
web-status-closed = Cerrado
web-unreachable = No se puede contactar
web-unread = Mensajes nuevos
web-banned = Bloqueado
web-none = No hay tickets aquí.
web-page = Página { $page } de { $pages }
web-newer = Más nuevos
web-older = Más antiguos
web-back = Volver a la bandeja
web-claimed-by = Lo atiende { $name }
web-from-team = Equipo de soporte
web-note-label = Nota interna, no enviada
web-edited = cambiado
web-held = retenido (demasiados mensajes)
web-compose-label = Tu mensaje
web-reply-button = Enviar a { $name }
web-note-button = Guardar como nota (no se envía)
web-answers-label = Respuesta guardada
web-answer-button = Enviar esta respuesta
web-claim = Tomar
web-unclaim = Soltar
web-close = Cerrar el ticket
web-reopen = Abrir de nuevo
web-ban = Bloquear a esta persona
web-bot-starting = El bot aún se está iniciando. Inténtalo en un momento.
web-too-long = Este mensaje es demasiado largo: { $max } caracteres como máximo. Acórtalo y envíalo de nuevo.
web-need-login = Primero inicia sesión: envía /web al bot en Telegram o abre la bandeja con el botón de menú del bot.
web-not-team = No estás en el equipo de soporte, así que esta página no está abierta para ti.
web-login-title = Entrar a la bandeja de soporte
web-login-button = Entrar
web-login-bad = Este enlace ya se usó o es demasiado antiguo. Envía /web al bot para recibir otro.
web-fig-open = Tickets abiertos
web-fig-unanswered = Sin respuesta todavía: { $n }
web-fig-today = Hoy: abiertos / cerrados
web-fig-week = Esta semana: abiertos / cerrados
web-fig-month = Este mes: abiertos / cerrados
web-fig-first-answer = Mediana hasta la primera respuesta
web-fig-to-close = Mediana hasta el cierre
web-fig-rating = Valoración media
web-fig-total = Todos los tickets
web-fig-chats = Chats
web-fig-status = Archivo de datos
web-fig-status-ok = funciona
web-fig-status-degraded = no se puede escribir
web-chart-per-day = Tickets abiertos y cerrados por día (30 días)
web-nav = Páginas
web-opened = Abierto
web-now = Ahora
web-periods = Abiertos / cerrados por periodo
web-operations = Funcionamiento
web-series-opened = Abiertos
web-series-closed = Cerrados
web-series-tickets = Tickets
web-fig-ratings = { $n ->
    [one] de 1 valoración
   *[other] de { $n } valoraciones
}
web-chart-first-answer = Tiempo hasta la primera respuesta (últimos 30 días)
web-chart-ages = Tickets abiertos por antigüedad
web-bucket-5m = menos de 5 min
web-bucket-1h = menos de 1 hora
web-bucket-4h = menos de 4 horas
web-bucket-1d = menos de 1 día
web-bucket-3d = menos de 3 días
web-bucket-7d = menos de 7 días
web-bucket-more = más

web-login-link = Tu enlace para entrar a la bandeja de soporte (sirve una vez, durante 5 minutos): { $url }
web-login-in-private = Envía /web en tu chat privado con el bot: un enlace en un grupo lo podría usar cualquiera.
inbox-not-set = La bandeja de soporte no está configurada: pon en PUBLIC_URL la dirección https pública del bot y reinícialo. Después /inbox y /web abren la bandeja.
menu-team-web = Un enlace para entrar a la bandeja de soporte
menu-team-inbox = Abrir la bandeja de soporte
help-team-inbox = un botón que abre la bandeja de soporte (dentro de Telegram en un chat privado, un enlace en un grupo)
help-team-setup = en un grupo para el que el bot aún no está configurado: el ID del grupo y qué poner para que sea el grupo del equipo
inbox-link = La bandeja de soporte: todos los tickets, su conversación y el panel.
inbox-button = Abrir la bandeja
inbox-menu-button = Bandeja
help-team-web = un enlace de un solo uso para entrar a la bandeja de soporte desde un navegador (solo en chat privado)
