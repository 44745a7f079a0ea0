### Messages of support-bot in English.
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

# The language's name in itself, on the buttons for choosing a language.
language-name = English


## People asking for help
## These messages go to a person's private chat with the bot.

# The first message a person gets (after /start). Below it is the button
# "button-open-ticket", whose label is put in here.
welcome =
    Hello! I am the support bot.
    Tell me what went wrong and our team will answer you right here.

    Tap "{ button-open-ticket }" below or send /new to start.

# The answer to /language. One button per language follows, each with the
# language's name in itself (English, Русский...).
choose-language =
    Which language should I speak to you in?
    Tap one below.

# A language was chosen with a button; said in the chosen language.
language-chosen =
    OK, I will speak English with you from now on.
    Send /language to change it again.

# The first line of the answer to /help. The list of commands follows on the
# next lines.
user-help-intro = Here is what you can do:

# Added after the list of commands in the answer to /help when the person
# has an open ticket. $id: the ticket ID.
user-help-open-ticket = Your ticket { $id } is open. Anything you write here is added to it.

# After /new: the bot waits for the description of the problem.
ask-description =
    Please describe your problem in one message.
    Send /cancel if you changed your mind.

# After /new, when the person sends something that is not a description
# (a command, a button press...).
still-waiting-for-description =
    I am waiting for your description.
    Please describe your problem in one message, or send /cancel to stop.

# After /cancel while the bot waited for a description.
cancelled =
    OK, no ticket was opened.
    Send /new whenever you need help.

# After /cancel when there was nothing to cancel.
nothing-to-cancel =
    There is nothing to cancel.
    Send /new to open a ticket.

# A ticket was opened after /new and a description. $id: the ticket ID.
# Below it is the button "button-close-mine".
ticket-opened =
    Thank you! Your ticket { $id } is open.
    Our team will answer you here.
    You can send more messages to add to it. Send /close when your problem is solved.

# A ticket was opened straight from the first message a person wrote (without
# /new). $id: the ticket ID. Below it is the button "button-close-mine".
ticket-opened-first-message =
    Thank you! I opened ticket { $id } with your message.
    Our team will answer you here.
    You can send more messages to add to it. If you did not mean to open a ticket, send /close.


# Added under the confirmation of a new ticket while the team is away
# (outside WORKING_HOURS). $day: "today", "tomorrow" or a weekday in
# English ("monday"...); $time: when the team starts, like 09:00; $zone: the
# team's time zone, like Europe/Berlin.
team-away =
    Our team is away right now. They will be back { $day ->
        [today] today
        [tomorrow] tomorrow
        [monday] on Monday
        [tuesday] on Tuesday
        [wednesday] on Wednesday
        [thursday] on Thursday
        [friday] on Friday
        [saturday] on Saturday
       *[sunday] on Sunday
    } at { $time } ({ $zone } time), and your ticket will wait for them.
# A later message was added to the person's open ticket. $id: the ticket ID.
added-to-ticket = Added to your ticket { $id }. Our team will answer you here.

# After /new when the person already has an open ticket. $id: the ticket ID.
already-open =
    You already have an open ticket: { $id }.
    Write here to add to it, or send /close to close it first.

# Reminds the person that their ticket is still open. $id: the ticket ID.
still-open =
    Your ticket { $id } is still open.
    Send /close if you want to close it.

# The person closed their ticket. $id: the ticket ID.
closed-by-you =
    Ticket { $id } is closed. Thank you!
    Send /new if you need help again.

# After /close when the person has no open ticket.
no-open-ticket =
    You have no open ticket.
    Send /new to open one.

# The answer to /mytickets when the person never opened a ticket.
your-tickets-none =
    You have no tickets yet.
    Send /new to open one.

# The answer to /mytickets: the first line, then one "your-tickets-item" per
# ticket, then "your-tickets-end", separated by blank lines.
your-tickets-intro = Your tickets, newest first:

# One ticket in the answer to /mytickets.
# $id: the ticket ID. $status: "status-open" or "status-closed".
# $age: when it was opened, one of the "Times" messages (e.g. "5 minutes ago").
# $excerpt: the start of the ticket's first message, as the person wrote it.
your-tickets-item =
    { $id } - { $status } - opened { $age }
    "{ $excerpt }"

# The last line of the answer to /mytickets.
your-tickets-end = Send /new to open another ticket.

# A reply from the support team, passed on to the person.
# $id: the ticket ID. $text: the team's reply as they wrote it (may have
# several lines).
from-support =
    Support team (ticket { $id }):
    { $text }

# The support team sent an attachment; it follows this message.
# $id: the ticket ID. $media: the kind of attachment, one of the "media-..."
# messages (e.g. "a photo").
from-support-media = Support team (ticket { $id }) sent you { $media }:

# The support team closed the person's ticket. $id: the ticket ID.
closed-by-support =
    Our team closed your ticket { $id }.
    Send /new if you need help again.

# The person sent something the bot cannot pass on (a poll, a game...).
only-text =
    Sorry, I can't pass on this kind of message.
    I can pass on text, photos, videos, voice messages, audio, files, stickers, GIFs, locations and contacts.
    Please write your message in words, or send one of those.

# A person used a command of the support team.
# $command: the command's name without the slash (e.g. "reply").
admin-only =
    Sorry, /{ $command } is only for the support team.
    Send /help to see what you can do.

# A command the bot does not have. Also sent to the support team.
# $command: what was typed after the slash.
unknown-command =
    I don't know the command /{ $command }.
    Send /help to see what you can do.

# Someone edited a message they had already sent, and the edit cannot be
# passed on. Also sent to the support team.
edit-not-seen =
    I can't pass on changes to a message you already sent.
    Please send the corrected text as a new message.

# A person edited a message of their open ticket; the support team got the
# new text. $id: the ticket ID.
edit-passed-on = I passed your change on to our team (ticket { $id }).

# The person's message could not be saved; it was not passed on.
save-failed =
    Sorry, something went wrong on our side and I could not save your message.
    Please send it again in a minute.

# Someone wrote to the bot in a group that is not the support team's chat.
private-chat-only = Please write to me in a private chat, so only our team sees your message.

# /setup from an admin of a group the bot is not set up for. $chat: the
# group's id (with its minus sign). The line TEAM_CHAT_ID=<id> follows.
group-setup =
    This group's id is { $chat }.
    To make it the support team's group, put this line in the bot's settings (the .env file) and restart the bot:
# After that line, when the group has no topics yet.
group-setup-no-topics = First turn on Topics in the group's settings (Edit), so each ticket gets a topic of its own. Telegram may then give the group a new id: send /setup again to see it.
# /setup in one of the support team's chats. $chat: its id.
set-up-already = This chat is already one of the support team's chats (its id is { $chat }). There is nothing more to set up here.

# A person tried to close (or act on) a ticket that is not their open one,
# while they do have another open ticket.
# $id: the ticket ID they named. $open: the ID of their open ticket.
not-your-open-ticket =
    Ticket { $id } is not your open ticket. Your open ticket is { $open }.
    Send /close to close it.

# The same, when the person has no open ticket at all. $id: the ticket ID they named.
not-your-open-ticket-none =
    Ticket { $id } is not your open ticket. You have no open ticket.
    Send /new to open one.


## The support team
## These messages go to the support team (admins' private chats and the team's group).
## $owner is always a person as in "person" or "person-with-username",
## e.g. "Ann (@ann, 5551)"; $name is a person's name alone, e.g. "Ann".

# The first line of the answer to /help for the team. The list of commands
# follows on the next lines.
admin-help-intro = Support team commands:

# Added after the list of commands in the answer to /help when the admin is
# answering a ticket. $id: the ticket ID.
admin-help-replying = You are answering ticket { $id } now.

# A new ticket. $id: the ticket ID. $text: the person's first message (may
# have several lines). Below it are the buttons "button-answer" and
# "button-close".
new-ticket =
    New ticket { $id } from { $owner }:
    { $text }

    To answer, reply to this message or send /reply { $id }

# A new ticket whose first message has an attachment, which follows this
# message. $media: the kind of attachment, one of the "media-..." messages
# (e.g. "a photo"). Otherwise as "new-ticket".
new-ticket-with-media =
    New ticket { $id } from { $owner }:
    { $text }
    (with { $media } below)

    To answer, reply to this message or send /reply { $id }

# The ticket's owner sent an attachment, which follows this message.
# $id: the ticket ID. $media: one of the "media-..." messages (e.g. "a photo").
owner-sent = Ticket { $id }, { $owner } sent { $media }:

# The ticket's owner wrote more. $id: the ticket ID. $text: what they wrote
# (may have several lines). Below it are the buttons "button-answer" and
# "button-close".
owner-wrote =
    Ticket { $id }, { $owner } wrote:
    { $text }
# Messages held back while the owner wrote too fast, passed on together.
# $id: the ticket ID. $owner: the person. $count: how many. $lines: one
# "held-line" or "held-line-with-media" per message. Below it are the
# buttons "button-answer" and "button-close".
held-passed-on =
    Ticket { $id }, { $owner } wrote very fast. { $count ->
        [one] This message was held back for a moment:
       *[other] These { $count } messages were held back for a moment:
    }
    { $lines }
# One held message. $text: what they wrote.
held-line = — { $text }
# One held message with an attachment, copied below the notice. $media: e.g.
# "a photo". $text: its caption (may be empty).
held-line-with-media = — ({ $media }, below) { $text }

# The ticket's owner edited a message. $id: the ticket ID. $text: the new
# text (may have several lines).
owner-edited =
    Ticket { $id }, { $owner } changed a message. It now says:
    { $text }

# The ticket's owner closed it. $id: the ticket ID.
closed-by-owner = Ticket { $id } was closed by { $owner }.

# An admin closed a ticket; told to the other admins. $id: the ticket ID.
# $admin: the admin's name.
closed-by-admin = Ticket { $id } was closed by { $admin }.

# The admin closed a ticket and its owner was told. $id: the ticket ID.
you-closed = Ticket { $id } is closed. I told { $name }.

# The ticket's owner blocked the bot. $id: the ticket ID.
owner-blocked-bot =
    { $owner } blocked the bot, so replies on ticket { $id } cannot reach them for now.
    The ticket stays open. I will tell you if they unblock the bot.

# The ticket's owner unblocked the bot again. $id: the ticket ID.
owner-unblocked-bot = { $owner } unblocked the bot. Replies on ticket { $id } reach them again.

# After /reply ID: the admin's next messages go to the ticket's owner.
# $id: the ticket ID. $excerpt: the start of the owner's last message.
now-replying =
    You are answering ticket { $id } from { $owner }.
    Their last message: "{ $excerpt }"
    Everything you send now goes to { $name }. Send /done when you are finished.

# The admin's reply reached the ticket's owner. $id: the ticket ID.
delivered = Sent to { $name } (ticket { $id }).

# After /done. $id: the ticket ID.
stopped-replying =
    You stopped answering ticket { $id }.
    Send /tickets to see open tickets.

# After /done when the admin was not answering a ticket.
not-replying =
    You are not answering a ticket right now.
    Send /tickets to see open tickets.

# A command that needs a ticket ID came without one.
# $command: the command's name without the slash (e.g. "reply").
# 1A2B3C4D is an example ticket ID: keep it.
need-ticket-id =
    Please add the ticket ID, like this: /{ $command } 1A2B3C4D
    Send /tickets to see open tickets.

# What came after a command is not a ticket ID. $input: what the admin typed.
# 1A2B3C4D is an example ticket ID: keep it.
not-a-ticket-id =
    "{ $input }" is not a ticket ID. A ticket ID has 8 letters and digits, like 1A2B3C4D.
    Send /tickets to see open tickets.

# No ticket has this ID. $id: the ticket ID.
unknown-ticket =
    I can't find ticket { $id }.
    Send /tickets to see open tickets.

# The admin answered a closed ticket; the answer was not passed on.
# $id: the ticket ID.
ticket-is-closed =
    Ticket { $id } is closed, so nothing was sent.
    Send /tickets to see open tickets.

# After /close ID of a ticket that was closed before. $id: the ticket ID.
already-closed = Ticket { $id } is already closed.

# The answer to /whois ID. $id: the ticket ID. $status: "status-open" or
# "status-closed". $count: how many tickets the owner has opened in all (a
# number; choose the wording by its plural category if your language needs to).
# $place: "topic" when asked in the ticket's own topic (writing there is
# answering), "chat" elsewhere.
ticket-owner =
    Ticket { $id } ({ $status }) belongs to { $owner }.
    They have opened { $count ->
        [one] one ticket
       *[other] { $count } tickets
    } in all.
    { $place ->
        [topic] To answer them, just write in this topic.
       *[chat] To answer them, send /reply { $id }
    }

# The answer to /tickets when no ticket is open.
open-tickets-none = There are no open tickets right now.

# The answer to /tickets: this first line, then one "open-tickets-item" (or
# "open-tickets-item-unreachable") per ticket, then "open-tickets-end",
# separated by blank lines. $count: how many tickets are open (a number).
open-tickets-intro = Open tickets ({ $count }), waiting longest first:

# One open ticket in the answer to /tickets. $id: the ticket ID.
# $age: when it was opened, one of the "Times" messages (e.g. "2 hours ago").
# $excerpt: the start of the owner's last message.
open-tickets-item =
    { $id } - { $owner } - opened { $age }
    Last message: "{ $excerpt }"

# The same, for a ticket whose owner cannot be reached (blocked the bot,
# deleted their account).
open-tickets-item-unreachable =
    { $id } - { $owner } - opened { $age } - cannot be reached
    Last message: "{ $excerpt }"

# The last line of the answer to /tickets.
open-tickets-end = To answer one, send /reply followed by its ID.

# An admin wrote something while not answering a ticket.
# 1A2B3C4D is an example ticket ID: keep it.
admin-idle-hint =
    To answer a ticket, send /reply followed by its ID, like /reply 1A2B3C4D.
    Send /tickets to see open tickets.

# An admin used a command meant for people asking for help.
# $command: the command's name without the slash (e.g. "new").
not-for-admins =
    /{ $command } is for people asking for help. You are on the support team.
    Send /help to see your commands.

# An admin's answer was not text (a photo...) and could not be passed on.
admin-only-text = Sorry, I can only pass on text for now. Nothing was sent.

# The admin's answer did not reach the ticket's owner. $id: the ticket ID.
# $reason: why, one of the "reason-" messages below.
not-delivered =
    { $name } did not get your message on ticket { $id }: { $reason }.
    It is saved on the ticket.

# The ticket was closed but its owner could not be told. $id: the ticket ID.
# $reason: why, one of the "reason-" messages below.
not-delivered-closing = Ticket { $id } is closed, but I could not tell { $name }: { $reason }.


## Words put into other messages
## Short pieces that the messages above insert as arguments.

# A ticket's state, as $status in "your-tickets-item" and "ticket-owner".
status-open = open
status-closed = closed

# The kinds of attachment, as $media in "from-support-media", "new-ticket-with-media"
# and "owner-sent" ("sent you a photo:", "(with a photo below)", "sent a photo:").
media-photo = a photo
media-document = a file
media-voice = a voice message
media-video = a video
media-audio = an audio file
media-sticker = a sticker
media-location = a location
media-contact = a contact
media-animation = a GIF
# A round video message recorded in Telegram.
media-video-note = a video message

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
button-open-ticket = Open a ticket

# For the support team, under "new-ticket" and "owner-wrote": start answering
# the ticket, like /reply ID.
button-answer = Reply

# For the support team, under "new-ticket" and "owner-wrote": close the
# ticket, like /close ID.
button-close = Close

# For the person, under "ticket-opened": close their own ticket.
button-close-mine = Close ticket


## Times
## How long ago a ticket was opened, as $age in "your-tickets-item" and
## "open-tickets-item". $n: a whole number, at least 1.

# Less than a minute ago.
age-just-now = just now

age-minutes =
    { $n ->
        [one] { $n } minute ago
       *[other] { $n } minutes ago
    }

age-hours =
    { $n ->
        [one] { $n } hour ago
       *[other] { $n } hours ago
    }

age-days =
    { $n ->
        [one] { $n } day ago
       *[other] { $n } days ago
    }

## Commands
# The command menus Telegram shows beside the text box, and the lines of
# the help texts. Command names and arguments (ID, text) stay as they are.

menu-people-new = Open a ticket
menu-team-tickets = List open tickets
menu-team-reply = Answer a ticket: /reply ID or /reply ID text
menu-team-done = Stop answering
menu-people-close = Close your open ticket
menu-team-close = Close a ticket: /close ID
menu-team-whois = Who owns a ticket: /whois ID
menu-people-mytickets = See your tickets
menu-people-language = Choose your language
menu-people-cancel = Stop opening a ticket
menu-people-help = What I can do
menu-team-help = The support team's commands

help-people-new = open a ticket
help-team-tickets = list open tickets
help-team-reply-id = answer a ticket: everything you send next goes to its owner
help-team-reply-id-text = send one message to a ticket's owner
help-team-done = stop answering
help-people-close = close your open ticket
help-team-close-id = close a ticket
help-team-whois-id = who owns a ticket, and how to reach them
help-people-mytickets = see your tickets
help-people-language = choose the language I speak to you in
help-people-cancel = stop opening a ticket

## Why a message did not arrive
## Put into "not-delivered" and "not-delivered-closing" as $reason.
## $detail: what Telegram answered, in English, as Telegram wrote it.

reason-blocked = they have blocked the bot
reason-deleted = their Telegram account was deleted
reason-chat-unknown = Telegram no longer knows their chat
reason-refused = Telegram refused it ({ $detail })
reason-group-moved = the group became a supergroup
reason-slow-down = Telegram kept asking to slow down
reason-unreachable = Telegram could not be reached
reason-other = something went wrong ({ $detail })

## Their data
## /mydata and /forget: a person's data on request.

menu-people-mydata = Get everything I keep about you
help-people-mydata = get everything I keep about you, as a file
menu-people-forget = Erase your messages and name
help-people-forget = erase your messages and name
help-team-forget-id = erase the messages and name of a ticket's owner
button-forget-me = Yes, erase my data
their-data = Here is everything I keep about you: your tickets and every message on them.
forget-ask =
    Do you want me to erase your messages and your name?
    Your tickets stay as anonymous records, so our team can still count them.
    This cannot be undone. Tap the button below to go ahead.
forgotten =
    Done. I erased your messages and your name.
    Send /new whenever you need help again.
person-forgotten = The person of chat { $chat } asked to be forgotten. Their messages and name are erased; their tickets stay as anonymous records.
owner-forgotten = The messages and name of the owner of ticket { $id } (chat { $chat }) are erased.
person-erased = (erased)

## Rating
## After a ticket closes, its owner is asked once to rate the help.
## $stars: 1 to 5. $comment: what the person wrote, passed on as it is.

rate-ask =
    How did we do on ticket { $id }?
    Tap a number: 1 is bad, 5 is great.
rating-thanks =
    Thank you for rating ticket { $id }!
    If you like, tell us in one message what we could do better. To open a new ticket instead, send /new.
already-rated = You already rated ticket { $id }. Thank you!
rating-refused = Sorry, you can only rate your own tickets once they are closed.
comment-thanks = Thank you! I passed your comment on to our team.
rated = Ticket { $id } was rated { $stars } out of 5.
rating-commented =
    Comment on the rating of ticket { $id }:
    { $comment }

## Figures
## /stats for the support team. Numbers and the time zone stay as they are.

menu-team-stats = Figures: tickets, answer times, ratings
help-team-stats = figures: tickets opened and closed, answer times, ratings
# Instead of a time or a rating when there is none yet.
stats-none = none yet
# $n: a number of minutes, hours or days.
duration-minutes = { $n ->
    [one] 1 minute
   *[other] { $n } minutes
}
duration-hours = { $n ->
    [one] 1 hour
   *[other] { $n } hours
}
duration-days = { $n ->
    [one] 1 day
   *[other] { $n } days
}
# The answer to /stats. $zone: the team's time zone (days are counted in it);
# $first-answer and $to-close: times such as "12 minutes"; $rating: like 4.5.
stats =
    Figures (days in { $zone }):
    Today: { $today-opened } opened, { $today-closed } closed.
    This week: { $week-opened } opened, { $week-closed } closed.
    This month: { $month-opened } opened, { $month-closed } closed.
    Open now: { $open }, of which { $unanswered } not answered yet.
    Median time to a first answer: { $first-answer }.
    Median time to close: { $to-close }.
    Average rating: { $rating } (from { $ratings ->
        [one] one rating
       *[other] { $ratings } ratings
    }).

## Notes and reopening
## /note: internal notes of the team, never sent to the person. /reopen: a
## closed ticket opens again. $open: another ticket of the same person.

menu-team-note = Add an internal note to a ticket
help-team-note-id-text = add an internal note to a ticket; it is never sent to its owner
help-team-note-text = the same, on the ticket you are answering
menu-team-reopen = Open a closed ticket again: /reopen ID
help-team-reopen-id = open a closed ticket again; its owner is told
note-added = Note added to ticket { $id }. It was not sent to the owner.
note-empty = Please write the note after the command, like this: /note 1A2B3C4D Called them back.
not-closed = Ticket { $id } is open already.
reopen-refused = Ticket { $id } stays closed: its owner has ticket { $open } open. Send /reply { $open } to answer that one.
reopened-by-support =
    Our team opened your ticket { $id } again.
    Write here to add to it, or send /close when you are done.
you-reopened = Ticket { $id } is open again. I told { $name }.
reopened-by-admin = Ticket { $id } was opened again by { $admin }.

## Working as a team: topics, claiming, saved answers, bans, spam.
## $id: a ticket ID. $name: a first name. $chat: a person's chat id (a number).

# To a person, when AGENT_NAMES=first_name: a message from one team member.
# $agent: their first name. $text: exactly what they typed (may be several lines).
from-agent =
    { $agent } from the support team (ticket { $id }):
    { $text }
# The same with an attachment, which follows this message. $media: e.g. "a photo".
from-agent-media = { $agent } from the support team (ticket { $id }) sent you { $media }:

# To a person sending many messages within a minute.
slow-down =
    You are sending a lot of messages very fast. I keep them all on ticket { $id }.
    The team gets them together within a minute. Please wait a minute before you write more.
# To a banned person, once.
you-are-banned = Sorry, the support team does not take your messages any more.

# /tickets followed by a word it does not know. $input: that word.
unknown-ticket-filter =
    I do not know "{ $input }" here.
    Send /tickets for every open ticket, /tickets mine for yours, or /tickets unclaimed for those nobody took.
open-tickets-none-mine = You have not claimed any open ticket. Send /tickets unclaimed to find one.
open-tickets-none-unclaimed = Every open ticket has been claimed by someone.
open-tickets-intro-mine = Your open tickets ({ $count }), waiting longest first:
open-tickets-intro-unclaimed = Open tickets nobody claimed ({ $count }), waiting longest first:
# Under a ticket in /tickets: who claimed it.
open-tickets-claimed = { $name } is answering it.

# Claiming. "Claim" means: I answer this ticket.
button-claim = Claim
menu-team-claim = Take a ticket: /claim ID
help-team-claim-id = take a ticket: the team sees that you answer it (in its topic, no ID needed)
help-team-unclaim-id = give a ticket back, so anyone can take it
help-team-tickets-mine = the open tickets you claimed
help-team-tickets-unclaimed = the open tickets nobody claimed
you-claimed = You are answering ticket { $id } now. The rest of the team can see it.
claimed = { $name } is answering ticket { $id }.
already-yours = You are already answering ticket { $id }.
already-claimed =
    { $name } is already answering ticket { $id }.
    To take it over, send /unclaim { $id } first, then /claim { $id }.
not-claimed = Nobody has claimed ticket { $id }.
you-unclaimed = Ticket { $id } is free again ({ $name } had it). Anyone can claim it.
unclaimed = { $name } gave ticket { $id } back. Anyone can claim it.
unclaimed-from = { $name } took ticket { $id } back from { $from }. Nobody has it now: anyone can claim it.
# To the team member whose claim someone else gave back. $name: who gave it back.
claim-taken-back = { $name } took ticket { $id } back from you. Nobody has it now: anyone can claim it.
claimed-by-other =
    Note: { $name } is answering ticket { $id }. Your message was sent all the same.
    I say this only once.

# Saved answers. $name: the short name of a saved answer.
menu-team-a = Send a saved answer: /a name ID
help-team-a-name-id = send a saved answer to a ticket's owner (in a topic, or while answering, no ID needed)
menu-team-answers = The team's saved answers
help-team-answers = list the saved answers
help-team-save-name-text = save an answer for the whole team under a short name
help-team-unsave-name = remove a saved answer
answers-none = There are no saved answers yet. Save one like this: /save hours We are open 9 to 6, Monday to Friday.
# The answer to /answers: this line, then one "answers-item" per answer, then "answers-end".
answers-intro = Saved answers ({ $count }):
# $excerpt: the start of the answer.
answers-item = { $name }: "{ $excerpt }"
answers-end = To send one, use /a followed by its name and the ticket ID, like /a hours 1A2B3C4D.
answer-name-bad =
    "{ $name }" cannot be the name of an answer. Use one short word of letters, digits, - or _.
    Like this: /save hours We are open 9 to 6, Monday to Friday.
answer-needs-text = Please write the answer after its name, like this: /save { $name } Thank you for waiting.
answer-saved = Saved the answer "{ $name }". Send it with /a { $name } followed by a ticket ID.
answer-replaced = Changed the answer "{ $name }". Send it with /a { $name } followed by a ticket ID.
answer-removed = Removed the answer "{ $name }".
# $known: the names of the saved answers, separated by commas.
unknown-answer = There is no answer called "{ $name }". Saved answers: { $known }.
unknown-answer-none-saved = There is no answer called "{ $name }". No answers are saved yet: save one with /save.

# Bans.
help-team-ban-id-reason = ban a ticket's owner (or a chat id): their messages are refused, their open ticket is closed
help-team-ban-id-silent = the same, and they are never told (for spammers)
help-team-unban-id = lift a ban
help-team-banned = who is banned
# Used when the bot does not know a person's name.
someone = someone
not-a-person = { $chat } is not a person's chat. Give a ticket ID or a person's chat id.
already-banned = The chat { $chat } is already banned. Send /unban { $chat } to lift it.
you-banned = Banned { $name } (chat { $chat }). The first time they write, they are told that we no longer take their messages.
you-banned-silent = Banned { $name } (chat { $chat }) without a word: they are never told.
ban-closed-ticket = Their open ticket { $id } is closed.
ban-undo = To lift the ban, send /unban { $chat }.
# To the rest of the team. $by: the first name of who banned them.
person-banned = { $by } banned { $name } (chat { $chat }).
not-banned = The chat { $chat } is not banned.
you-unbanned = { $name } (chat { $chat }) may write to us again.
banned-none = Nobody is banned.
# The answer to /banned: this line, one "banned-item" per person, then "banned-end".
banned-intro = Banned ({ $count }):
# $reason: why, as the team wrote it, or "-". $refused: how many of their messages were refused.
banned-item =
    { $name } (chat { $chat }): { $reason }
    Messages refused since the ban: { $refused }
banned-item-silent =
    { $name } (chat { $chat }), never told: { $reason }
    Messages refused since the ban: { $refused }
banned-end = To lift a ban, send /unban followed by the chat id.

# In General of the team's forum group: new tickets, each in its own topic.
# $count: how many (a number). One "general-new-ticket-item" line follows per ticket.
general-new-tickets = { $count ->
    [one] New ticket:
   *[other] { $count } new tickets:
}
# $name: the person's name. $link: a link to the ticket's topic.
general-new-ticket-item = { $id } · { $name }: { $link }
# The same, before the ticket's topic is made (it follows soon).
general-new-ticket-item-no-topic = { $id } · { $name } (its topic follows soon)
# In a ticket's topic made again after the old one was deleted; its last
# messages follow, one per line.
topic-recovered = This topic of ticket { $id } was deleted, so I made it again. The last messages were:
topic-recovered-from-owner = Owner: { $text }
topic-recovered-from-team = Team: { $text }

# A new ticket, in its own topic of the team's forum group (where a plain
# message goes to the person). Otherwise as "new-ticket".
new-ticket-in-topic =
    New ticket { $id } from { $owner }:
    { $text }

    To answer, just write in this topic. Send /claim to take the ticket.
new-ticket-in-topic-with-media =
    New ticket { $id } from { $owner }:
    { $text }
    (with { $media } below)

    To answer, just write in this topic. Send /claim to take the ticket.
# The opening notice in a ticket's topic once a team member ($name) claimed
# it (the notice is edited); otherwise as "new-ticket-in-topic".
new-ticket-in-topic-claimed =
    New ticket { $id } from { $owner }:
    { $text }

    { $name } is answering it. To answer, just write in this topic.
new-ticket-in-topic-claimed-with-media =
    New ticket { $id } from { $owner }:
    { $text }
    (with { $media } below)

    { $name } is answering it. To answer, just write in this topic.
# The name of a claimed ticket's topic. $topic: the ticket's ID and its
# owner's name ("1A2B3C4D · Ann"); $member: the team member answering it.
topic-name-claimed = { $topic } · { $member } is answering

## The team's inbox on the web (pages and the dashboard).
web-title = Support inbox
web-inbox = Inbox
web-dashboard = Dashboard
web-logout = Log out
web-logged-out = You are logged out.
web-tabs = Tickets
web-tab-open = Open
web-tab-unclaimed = Unclaimed
web-tab-mine = Mine
web-tab-closed = Closed
web-search = Search by ID, name or text
web-search-button = Search
web-col-id = ID
web-col-name = Name
web-col-first = First message
web-col-age = Opened
web-col-status = Status
web-col-claimed = Claimed by
web-status-waiting = Waiting for the team
web-status-open = Open
web-status-closed = Closed
web-unreachable = Cannot be reached
web-unread = New messages
web-banned = Banned
web-none = No tickets here.
# $page: this page's number; $pages: how many pages there are.
web-page = Page { $page } of { $pages }
web-newer = Newer
web-older = Older
web-back = Back to the inbox
# $name: the team member who took the ticket.
web-claimed-by = { $name } is answering
web-from-team = Support team
web-note-label = Internal note, not sent
web-edited = changed
web-held = held back (too many messages)
web-compose-label = Your message
# $name: the person who opened the ticket.
web-reply-button = Send to { $name }
web-note-button = Save as a note (not sent)
web-answers-label = Saved answer
web-answer-button = Send this answer
web-claim = Claim
web-unclaim = Unclaim
web-close = Close the ticket
web-reopen = Open again
web-ban = Ban this person
web-bot-starting = The bot is still starting. Try again in a moment.
web-too-long = This message is too long: { $max } characters at most. Shorten it and send it again.
web-need-login = Please log in first: send /web to the bot in Telegram, or open the inbox from the bot's menu button.
web-not-team = You are not on the support team, so this page is closed to you.
web-login-title = Log in to the support inbox
web-login-button = Log in
web-login-bad = This login link was already used or is too old. Send /web to the bot for a new one.
web-fig-open = Open tickets
web-fig-unanswered = Not answered yet: { $n }
web-fig-today = Today: opened / closed
web-fig-week = This week: opened / closed
web-fig-month = This month: opened / closed
web-fig-first-answer = Median time to the first answer
web-fig-to-close = Median time to close
web-fig-rating = Average rating
web-fig-total = All tickets
web-fig-chats = Chats
web-fig-status = Data file
web-fig-status-ok = working
web-fig-status-degraded = cannot be written
web-chart-per-day = Tickets opened and closed per day (30 days)
web-nav = Pages
web-opened = Opened
web-now = Right now
web-periods = Opened / closed by period
web-operations = Operations
web-series-opened = Opened
web-series-closed = Closed
web-series-tickets = Tickets
web-fig-ratings = { $n ->
    [one] from 1 rating
   *[other] from { $n } ratings
}
web-chart-first-answer = Time to the first answer (last 30 days)
web-chart-ages = Open tickets by age
web-bucket-5m = under 5 min
web-bucket-1h = under 1 hour
web-bucket-4h = under 4 hours
web-bucket-1d = under 1 day
web-bucket-3d = under 3 days
web-bucket-7d = under 7 days
web-bucket-more = longer

# /web: a one-time link to the team's inbox in a browser. $url: the link.
web-login-link = Your login link to the support inbox (it works once, for 5 minutes): { $url }
web-login-in-private = Send /web in your private chat with the bot: a login link in a group could be used by anyone there.
inbox-not-set = The support inbox is not set up: set PUBLIC_URL in the bot's settings to the bot's public https address and restart it. Then /inbox and /web open the inbox.
menu-team-web = A login link to the support inbox
menu-team-inbox = Open the support inbox
help-team-inbox = a button that opens the support inbox (inside Telegram in a private chat, a link in a group)
help-team-setup = in a group the bot is not set up for yet: the group's id and what to set to make it the team's group
inbox-link = The support inbox: every ticket, its conversation, and the dashboard.
inbox-button = Open the inbox
inbox-menu-button = Inbox
help-team-web = a one-time link that logs a browser in to the support inbox (private chat only)
