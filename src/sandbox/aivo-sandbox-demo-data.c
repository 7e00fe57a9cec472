/* aivo-sandbox-demo-data.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox-demo-data"

#include "config.h"

#include "aivo-sandbox-resources.h"

/* Realistic records for a new data directory (not with --empty). Runs once,
 * inside the transaction that created the account and its owner (mem_0001).
 * Each resource adds its own filler call below.
 *
 * The records are the same in every data directory: fixed content, ids from
 * a fixed seed, and times counted from the day the directory was created, so
 * a call of “last week” stays a week old when the directory is made. Times
 * are UTC; the practice keeps US Eastern business hours (14:00–22:00 UTC). */

#define DEMO_SEED       20261126
#define DAY             86400
#define HOUR            3600
#define MINUTE          60
#define AT(h, m)        ((h) * HOUR + (m) * MINUTE)

static const char base62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* The demo's counterpart of aivo_sandbox_id_new(): the same ids every time. */
static char *
demo_id (GRand      *rand,
         const char *prefix)
{
  char id[9];

  for (guint i = 0; i < 8; i++)
    id[i] = base62[g_rand_int_range (rand, 0, 62)];
  id[8] = '\0';

  return g_strconcat (prefix, "_", id, NULL);
}

/* The team ------------------------------------------------------------------ */

static gboolean
fill_team (AivoSandboxDatabase  *db,
           gint64                now,
           GError              **error)
{
  g_autofree char *admin = NULL;
  g_autofree char *developer = NULL;

  admin = aivo_sandbox_team_member_insert (db, "Marcus Chen", "marcus@brightsmile.example", "admin", now, error);
  if (admin == NULL)
    return FALSE;

  developer = aivo_sandbox_team_member_insert (db, "Priya Raman", "priya@brightsmile.example", "developer", now, error);
  return developer != NULL;
}

/* Contacts ------------------------------------------------------------------ */

enum {
  MARIA, JAMES, AISHA, TOM, HANNAH, DANIEL, SOFIA, ROBERT, EMILY, CARLOS, GRACE, WEI,
  N_CONTACTS
};

static const struct {
  const char *name;
  const char *phone;
  const char *email;
  const char *company;
  const char *notes;
} contacts[N_CONTACTS] = {
  [MARIA] = { "Maria Gonzalez", "+15550101001", "maria.gonzalez@example.com", NULL,
              "Prefers morning appointments." },
  [JAMES] = { "James Whitaker", "+15550101002", "j.whitaker@example.org", "Whitaker & Sons Plumbing",
              "Dental anxiety: offer the quiet room and explain each step." },
  [AISHA] = { "Aisha Bello", "+15550101003", "aisha.bello@example.com", NULL, "" },
  [TOM] = { "Tom Lindqvist", "+15550101004", "tom.lindqvist@example.org", "Northwind Traders",
            "Billing question open since the crown in October; see call notes." },
  [HANNAH] = { "Hannah Okafor", "+15550101005", "hannah.okafor@example.com", NULL,
               "New patient, referred by Maria Gonzalez." },
  [DANIEL] = { "Daniel Kim", "+15550101006", "daniel.kim@example.com", "Kim Architecture",
               "Root canal on the lower left molar; crown to follow." },
  [SOFIA] = { "Sofia Rossi", "+15550101007", "sofia.rossi@example.org", NULL,
              "Insurance: Delta Dental PPO, member ID on file." },
  [ROBERT] = { "Robert Ellis", "+15550101008", NULL, NULL, "Prefers phone calls to email." },
  [EMILY] = { "Emily Novak", "+15550101009", "emily.novak@example.com", NULL,
              "Interested in whitening before her wedding in the spring." },
  [CARLOS] = { "Carlos Mendes", "+15550101010", "carlos.mendes@example.org", "Mendes Design Studio",
               "Travels often; call a week ahead to confirm." },
  [GRACE] = { "Grace O'Neill", NULL, "grace.oneill@example.com", NULL,
              "Contact by email only." },
  [WEI] = { "Wei Zhang", "+15550101012", "wei.zhang@example.com", "Harbor Street Pharmacy", "" },
};

/* Added over the two months before the directory was made, in this order. */
static gboolean
fill_contacts (AivoSandboxDatabase  *db,
               GRand                *rand,
               gint64                day0,
               char                **ids,
               GError              **error)
{
  for (guint i = 0; i < N_CONTACTS; i++)
    {
      gint64 created_at = day0 - (60 - 2 * i) * DAY + AT (15, 10 + 3 * i);

      ids[i] = demo_id (rand, "con");
      if (!aivo_sandbox_contact_insert (db, ids[i], contacts[i].name, contacts[i].phone, contacts[i].email,
                                        contacts[i].company, contacts[i].notes, created_at, created_at, error))
        return FALSE;
    }

  return TRUE;
}

/* Calls and their transcripts ------------------------------------------------ */

typedef struct
{
  const char *speaker;
  double      offset_seconds;
  const char *text;
} Line;

#define AGENT(offset, text)  { "agent", (offset), (text) }
#define CALLER(offset, text) { "caller", (offset), (text) }
#define GREETING             AGENT (0.0, "Thank you for calling Bright Smile Dental, this is Aria. How can I help you today?")

/* “{name}” and “{first}” stand for the contact's full and first name. */
static const Line book_cleaning[] = {
  GREETING,
  CALLER (4.5, "Hi, I'd like to book a cleaning. It's been about eight months since my last one."),
  AGENT (10.0, "Of course. Can I have your name and date of birth, please?"),
  CALLER (14.5, "It's {name}, and my birthday is March 3rd, 1988."),
  AGENT (20.0, "Thank you, {first}, I've found your file. We have openings next Tuesday at 9:30 in the "
               "morning or Thursday at 2:15 in the afternoon. Which works better?"),
  CALLER (31.0, "Tuesday at 9:30 is perfect."),
  AGENT (35.5, "Great, you're booked for a cleaning with Dr. Patel next Tuesday at 9:30. You'll get a text "
               "reminder the day before. Is there anything else?"),
  CALLER (46.0, "No, that's all. Thanks!"),
  AGENT (49.0, "You're welcome. Have a great day!"),
  { NULL }
};

static const Line reschedule[] = {
  GREETING,
  CALLER (4.0, "Hi, this is {name}. I have a filling booked for Thursday but something came up at work. "
               "Can I move it?"),
  AGENT (12.5, "No problem, {first}. I see your appointment on Thursday at 11:00 with Dr. Patel. "
               "Would Friday morning work instead?"),
  CALLER (21.0, "Friday is good, ideally early."),
  AGENT (24.5, "I can offer Friday at 8:30."),
  CALLER (28.0, "Perfect, let's do that."),
  AGENT (31.0, "Done. Your filling is now on Friday at 8:30, and Thursday's slot is released. "
               "We'll send a confirmation by text."),
  CALLER (40.5, "Thanks, that's a big help."),
  AGENT (43.0, "Happy to help. See you on Friday!"),
  { NULL }
};

static const Line opening_hours[] = {
  GREETING,
  CALLER (3.5, "Hi, what time are you open on Saturdays?"),
  AGENT (7.0, "On Saturdays we're open from 9 in the morning to 1 in the afternoon. Monday to Thursday "
              "we're open 8 to 6, and Friday 8 to 4."),
  CALLER (17.0, "And on Sundays?"),
  AGENT (20.0, "We're closed on Sundays. For a dental emergency outside opening hours, our voicemail gives "
               "the number of the dentist on call."),
  CALLER (29.5, "Got it, thank you."),
  AGENT (31.5, "You're welcome. Would you like me to book a visit while you're on the line?"),
  CALLER (36.0, "Not right now, thanks. Bye."),
  { NULL }
};

static const Line complaint[] = {
  GREETING,
  CALLER (4.0, "Yes, I'm calling because I was charged twice for my crown last month and nobody has "
               "called me back."),
  AGENT (11.5, "I'm sorry about that, that's frustrating. Can I have your name so I can look into it?"),
  CALLER (17.0, "{name}."),
  AGENT (19.5, "Thank you, {first}. I can see two payments of $1,150 on the 14th. I've flagged the duplicate "
               "for a refund and marked it urgent for our billing manager."),
  CALLER (31.0, "That's what I was told two weeks ago. And I waited forty minutes in the lobby last time."),
  AGENT (39.5, "I understand, and I apologise. I've added a note about the wait as well. Our billing manager, "
               "Linda, will call you by noon tomorrow, and the refund takes three to five business days."),
  CALLER (52.0, "Fine. I expect that call."),
  AGENT (55.0, "You'll get it. I'm sorry again for the trouble."),
  { NULL }
};

static const Line wrong_number[] = {
  GREETING,
  CALLER (4.0, "Oh! Is this not Giovanni's Pizza?"),
  AGENT (7.0, "No, this is Bright Smile Dental. I think you may have dialled the wrong number."),
  CALLER (11.5, "Sorry about that!"),
  AGENT (13.0, "No problem at all. Have a good evening."),
  { NULL }
};

static const Line insurance[] = {
  GREETING,
  CALLER (4.0, "Hi, do you take Delta Dental? I just switched jobs and have a new plan."),
  AGENT (9.5, "Yes, we're in network with Delta Dental PPO, as well as Cigna, MetLife and Aetna. We can "
              "also bill most other PPO plans as out of network."),
  CALLER (19.0, "Great. Do I need to bring anything?"),
  AGENT (22.0, "Please bring your insurance card and a photo ID to your first visit. If you send us your "
               "member ID beforehand, we can check your coverage in advance."),
  CALLER (32.5, "Perfect, I'll email it. Thanks."),
  AGENT (35.0, "You're welcome. The front desk address is on our website."),
  { NULL }
};

static const Line emergency[] = {
  GREETING,
  CALLER (3.5, "Hi, it's {name}. I cracked a tooth on a popcorn kernel last night and it really hurts."),
  AGENT (9.0, "I'm sorry to hear that, {first}. Is there any swelling, or a fever?"),
  CALLER (13.5, "No swelling, it's just a sharp pain when I chew."),
  AGENT (17.5, "Thank you. We keep emergency slots every day. I can see you today at 3:45 with Dr. Alvarez. "
               "Would that work?"),
  CALLER (25.0, "Yes, please, as soon as possible."),
  AGENT (28.0, "You're booked for 3:45 today. Until then, avoid chewing on that side; an over-the-counter "
               "pain reliever can help. Please arrive ten minutes early."),
  CALLER (39.0, "Thank you so much."),
  { NULL }
};

static const Line cancellation[] = {
  GREETING,
  CALLER (4.0, "Hi, I need to cancel my appointment on Monday. I'm going to be out of town."),
  AGENT (9.5, "I can help with that. May I have your name?"),
  CALLER (12.0, "{name}."),
  AGENT (14.5, "Thanks, {first}. I've cancelled your check-up on Monday at 10:00. Would you like to rebook "
               "for when you're back?"),
  CALLER (22.5, "I'll call back when I know my dates."),
  AGENT (26.0, "Of course. We ask for 24 hours' notice for cancellations, and this one is well within that. "
               "Have a good trip!"),
  { NULL }
};

static const Line parking[] = {
  GREETING,
  CALLER (3.5, "Hi, I have my first appointment tomorrow. Where do I park?"),
  AGENT (8.0, "Welcome! We're at 1200 Harbor Street, Suite 210. Patients park free in the garage behind "
              "the building, on levels 2 and 3. Take a ticket and we'll validate it at the front desk."),
  CALLER (20.5, "Is there a bus stop close by?"),
  AGENT (23.0, "Yes, the Harbor and 12th stop is right across the street, on lines 14 and 22."),
  CALLER (30.0, "Great, thanks."),
  { NULL }
};

static const Line whitening[] = {
  GREETING,
  CALLER (4.0, "Hi, how much is teeth whitening?"),
  AGENT (6.5, "In-office whitening is $450 for one 90-minute session. Take-home trays with gel are $275. "
              "Both start with a short consultation."),
  CALLER (15.5, "Does insurance cover it?"),
  AGENT (18.0, "Whitening is cosmetic, so insurance usually doesn't cover it. Members of our Smile Plan "
               "get 10% off."),
  CALLER (26.5, "OK, I'd like to book the consultation then. It's {name}."),
  AGENT (30.0, "Lovely, {first}. I have Wednesday at 4:00 pm. Shall I book that?"),
  CALLER (33.5, "Yes, please."),
  AGENT (35.0, "All set for Wednesday at 4:00. See you then!"),
  { NULL }
};

static const Line reminder[] = {
  AGENT (0.0, "Hello, this is Aria calling from Bright Smile Dental for {name}."),
  CALLER (4.5, "Speaking."),
  AGENT (6.0, "I'm calling to confirm your appointment tomorrow with Dr. Patel. Will you be able to make it?"),
  CALLER (12.0, "Yes, I'll be there."),
  AGENT (14.0, "Wonderful. Please arrive a few minutes early. See you tomorrow!"),
  CALLER (18.0, "Thanks, bye."),
  { NULL }
};

static const Line follow_up[] = {
  AGENT (0.0, "Hello {first}, this is Aria from Bright Smile Dental. I'm calling to see how you're feeling "
              "after your root canal."),
  CALLER (7.5, "Much better, thanks. A bit sore the first day but fine now."),
  AGENT (12.0, "I'm glad to hear it. Some tenderness for a few days is normal. If you notice swelling or the "
               "pain comes back, call us straight away."),
  CALLER (21.0, "Will do. Do I need to come back?"),
  AGENT (24.0, "Yes, Dr. Alvarez would like to place the permanent crown in about two weeks. Shall I book "
               "that now?"),
  CALLER (30.5, "Sure, something in the afternoon."),
  AGENT (33.0, "I have the 28th at 2:30 pm."),
  CALLER (36.5, "That works."),
  AGENT (38.0, "Booked. Thanks, and take care!"),
  { NULL }
};

typedef struct
{
  const Line *lines;
  const char *summary;
  const char *sentiment;
} Script;

enum {
  BOOK, RESCHEDULE, HOURS, COMPLAINT, WRONG_NUMBER, INSURANCE, EMERGENCY, CANCEL, PARKING, WHITENING,
  REMINDER, FOLLOW_UP,
  NO_SCRIPT
};

static const Script scripts[] = {
  [BOOK] = { book_cleaning, "{first} booked a cleaning with Dr. Patel for next Tuesday at 9:30.", "positive" },
  [RESCHEDULE] = { reschedule, "{first} moved a filling from Thursday at 11:00 to Friday at 8:30.", "positive" },
  [HOURS] = { opening_hours, "Caller asked about Saturday and Sunday opening hours; no booking.", "neutral" },
  [COMPLAINT] = { complaint, "{first} was charged twice for a crown and waited long last visit; refund flagged, "
                             "billing manager to call back by noon tomorrow.", "negative" },
  [WRONG_NUMBER] = { wrong_number, "Wrong number: the caller wanted a pizza restaurant.", "neutral" },
  [INSURANCE] = { insurance, "Caller asked whether Delta Dental PPO is accepted (it is) and what to bring.",
                  "positive" },
  [EMERGENCY] = { emergency, "{first} cracked a tooth; booked an emergency visit with Dr. Alvarez today at 3:45.",
                  "positive" },
  [CANCEL] = { cancellation, "{first} cancelled Monday's check-up (travelling) and will call back to rebook.",
               "neutral" },
  [PARKING] = { parking, "New patient asked where to park and about buses; directions given.", "positive" },
  [WHITENING] = { whitening, "{first} asked about whitening prices and booked a consultation for Wednesday at 4:00.",
                  "positive" },
  [REMINDER] = { reminder, "Reminder call: {first} confirmed tomorrow's appointment.", "positive" },
  [FOLLOW_UP] = { follow_up, "Follow-up after a root canal: {first} is recovering well; crown placement booked.",
                  "positive" },
};

#define UNKNOWN -1

/* Oldest first, at a time of day; days_ago 0: that long before the directory
 * was made (a call still going on, one still queued). Callers who are not
 * contacts ring from +1555010 2xxx. */
static const struct {
  int         days_ago;
  int         time_of_day;
  const char *direction;
  int         contact;           /* or UNKNOWN */
  const char *unknown_number;
  const char *status;
  int         script;
  int         duration;          /* seconds, for completed calls */
} calls[] = {
  { 30, AT (14, 5),  "inbound",  MARIA,   NULL,           "completed", BOOK,         212 },
  { 29, AT (15, 40), "inbound",  UNKNOWN, "+15550102001", "completed", HOURS,        74 },
  { 28, AT (16, 12), "outbound", AISHA,   NULL,           "completed", REMINDER,     41 },
  { 28, AT (21, 55), "inbound",  UNKNOWN, "+15550102002", "missed",    NO_SCRIPT,    0 },
  { 27, AT (14, 30), "inbound",  TOM,     NULL,           "completed", COMPLAINT,    318 },
  { 26, AT (17, 2),  "inbound",  UNKNOWN, "+15550102003", "completed", INSURANCE,    96 },
  { 25, AT (19, 45), "inbound",  HANNAH,  NULL,           "completed", BOOK,         187 },
  { 24, AT (15, 15), "outbound", DANIEL,  NULL,           "failed",    NO_SCRIPT,    0 },
  { 23, AT (14, 50), "inbound",  UNKNOWN, "+15550102004", "completed", WRONG_NUMBER, 22 },
  { 22, AT (18, 20), "inbound",  EMILY,   NULL,           "completed", WHITENING,    143 },
  { 21, AT (20, 10), "inbound",  UNKNOWN, "+15550102005", "missed",    NO_SCRIPT,    0 },
  { 20, AT (14, 8),  "inbound",  SOFIA,   NULL,           "completed", INSURANCE,    121 },
  { 19, AT (16, 35), "inbound",  DANIEL,  NULL,           "completed", EMERGENCY,    164 },
  { 18, AT (15, 0),  "outbound", MARIA,   NULL,           "completed", REMINDER,     38 },
  { 17, AT (21, 30), "inbound",  UNKNOWN, "+15550102006", "completed", PARKING,      58 },
  { 16, AT (14, 45), "inbound",  JAMES,   NULL,           "completed", BOOK,         205 },
  { 15, AT (17, 25), "inbound",  UNKNOWN, "+15550102007", "missed",    NO_SCRIPT,    0 },
  { 14, AT (19, 5),  "inbound",  WEI,     NULL,           "completed", HOURS,        66 },
  { 13, AT (14, 20), "outbound", DANIEL,  NULL,           "completed", FOLLOW_UP,    149 },
  { 12, AT (15, 50), "inbound",  SOFIA,   NULL,           "completed", EMERGENCY,    171 },
  { 12, AT (20, 40), "inbound",  UNKNOWN, "+15550102008", "completed", WRONG_NUMBER, 19 },
  { 11, AT (16, 15), "inbound",  ROBERT,  NULL,           "completed", RESCHEDULE,   133 },
  { 10, AT (14, 10), "outbound", CARLOS,  NULL,           "failed",    NO_SCRIPT,    0 },
  { 10, AT (18, 55), "inbound",  UNKNOWN, "+15550102009", "completed", INSURANCE,    88 },
  { 9,  AT (15, 30), "inbound",  TOM,     NULL,           "completed", COMPLAINT,    276 },
  { 8,  AT (14, 0),  "inbound",  UNKNOWN, "+15550102010", "missed",    NO_SCRIPT,    0 },
  { 8,  AT (17, 45), "inbound",  HANNAH,  NULL,           "completed", PARKING,      61 },
  { 7,  AT (19, 20), "inbound",  AISHA,   NULL,           "completed", BOOK,         198 },
  { 6,  AT (14, 35), "outbound", EMILY,   NULL,           "completed", REMINDER,     35 },
  { 6,  AT (16, 50), "inbound",  UNKNOWN, "+15550102011", "completed", HOURS,        71 },
  { 5,  AT (15, 5),  "inbound",  CARLOS,  NULL,           "completed", CANCEL,       84 },
  { 4,  AT (18, 30), "inbound",  UNKNOWN, "+15550102012", "missed",    NO_SCRIPT,    0 },
  { 4,  AT (20, 15), "inbound",  WEI,     NULL,           "completed", WHITENING,    152 },
  { 3,  AT (14, 25), "inbound",  JAMES,   NULL,           "completed", RESCHEDULE,   127 },
  { 3,  AT (17, 10), "outbound", AISHA,   NULL,           "completed", REMINDER,     44 },
  { 2,  AT (15, 40), "inbound",  UNKNOWN, "+15550102013", "completed", PARKING,      63 },
  { 2,  AT (19, 55), "inbound",  UNKNOWN, "+15550102014", "missed",    NO_SCRIPT,    0 },
  { 1,  AT (14, 15), "inbound",  MARIA,   NULL,           "completed", HOURS,        69 },
  { 1,  AT (16, 0),  "inbound",  EMILY,   NULL,           "completed", BOOK,         201 },
  { 0,  AT (0, 3),   "inbound",  DANIEL,  NULL,           "in_progress", NO_SCRIPT,  0 },
  { 0,  AT (0, 1),   "outbound", ROBERT,  NULL,           "queued",    NO_SCRIPT,    0 },
};

/* @text with {name} and {first} filled in for @contact (or “there”). */
static char *
personalise (const char *text,
             int         contact)
{
  GString *result = g_string_new (text);
  const char *name = contact != UNKNOWN ? contacts[contact].name : "there";
  g_autofree char *first = g_strndup (name, strcspn (name, " "));

  g_string_replace (result, "{name}", name, 0);
  g_string_replace (result, "{first}", first, 0);

  return g_string_free (result, FALSE);
}

static gboolean
fill_transcript (AivoSandboxDatabase  *db,
                 const char           *call_id,
                 const Line           *lines,
                 int                   contact,
                 GError              **error)
{
  for (guint i = 0; lines[i].speaker != NULL; i++)
    {
      g_autofree char *text = personalise (lines[i].text, contact);

      if (!aivo_sandbox_call_segment_insert (db, call_id, i, lines[i].speaker, lines[i].offset_seconds, text, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
fill_calls (AivoSandboxDatabase  *db,
            GRand                *rand,
            gint64                now,
            gint64                day0,
            char * const         *contact_ids,
            GError              **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      const Script *script = calls[i].script != NO_SCRIPT ? &scripts[calls[i].script] : NULL;
      int contact = calls[i].contact;
      const char *number = contact != UNKNOWN ? contacts[contact].phone : calls[i].unknown_number;
      gboolean inbound = g_str_equal (calls[i].direction, "inbound");
      gboolean answered = g_str_equal (calls[i].status, "completed") || g_str_equal (calls[i].status, "in_progress");
      gint64 created_at = calls[i].days_ago > 0
        ? day0 - calls[i].days_ago * DAY + calls[i].time_of_day
        : now - calls[i].time_of_day;
      gint64 started_at = answered ? created_at + 4 : 0;
      gint64 ended_at = g_str_equal (calls[i].status, "completed") ? started_at + calls[i].duration : 0;
      g_autofree char *id = demo_id (rand, "call");
      g_autofree char *summary = NULL;
      const char *agent_id = inbound ? "agent_main" : "agent_reminders";

      if (script != NULL)
        summary = personalise (script->summary, contact);
      else if (g_str_equal (calls[i].status, "missed"))
        agent_id = NULL;
      else if (g_str_equal (calls[i].status, "failed"))
        summary = g_strdup ("The call could not be connected: the number did not answer.");

      if (!aivo_sandbox_call_insert (db, id, calls[i].direction,
                                     inbound ? number : AIVO_SANDBOX_ACCOUNT_NUMBER,
                                     inbound ? AIVO_SANDBOX_ACCOUNT_NUMBER : number,
                                     agent_id, contact != UNKNOWN ? contact_ids[contact] : NULL,
                                     calls[i].status, started_at, ended_at, summary,
                                     script != NULL ? script->sentiment : NULL, "en-US", created_at, error))
        return FALSE;

      if (script != NULL && !fill_transcript (db, id, script->lines, contact, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
fill_call_settings (AivoSandboxDatabase  *db,
                    GError              **error)
{
  return aivo_sandbox_database_execute (db, error,
                                        "UPDATE call_settings SET greeting = ?1, voice = 'aria', language = 'en-US', "
                                        "  recording_enabled = 1, max_call_duration_seconds = 1800, "
                                        "  transfer_number = ?2",
                                        "ss",
                                        "Thank you for calling Bright Smile Dental, this is Aria. "
                                        "How can I help you today?",
                                        "+15550100001");
}

/* Knowledge articles ---------------------------------------------------------- */

static const char * const hours_tags[] = { "hours", "general", NULL };
static const char * const pricing_tags[] = { "pricing", "billing", NULL };
static const char * const policy_tags[] = { "appointments", "policy", NULL };
static const char * const location_tags[] = { "location", "parking", NULL };
static const char * const insurance_tags[] = { "insurance", "billing", NULL };
static const char * const emergency_tags[] = { "emergencies", "appointments", NULL };
static const char * const new_patient_tags[] = { "new patients", NULL };
static const char * const whitening_tags[] = { "cosmetic", "pricing", NULL };

static const struct {
  const char         *title;
  const char         *body;
  const char * const *tags;
  const char         *status;
  int                 created_days_ago;
  int                 updated_days_ago;
} articles[] = {
  { "Opening hours",
    "# Opening hours\n\n"
    "- Monday to Thursday: 8:00 am to 6:00 pm\n"
    "- Friday: 8:00 am to 4:00 pm\n"
    "- Saturday: 9:00 am to 1:00 pm\n"
    "- Sunday and public holidays: closed\n\n"
    "Outside these hours the voicemail gives the number of the dentist on call for emergencies.",
    hours_tags, "published", 90, 45 },
  { "Prices for common treatments",
    "Prices before insurance:\n\n"
    "| Treatment | Price |\n"
    "|---|---|\n"
    "| New patient exam with X-rays | $180 |\n"
    "| Cleaning (adult) | $120 |\n"
    "| Filling (composite, one surface) | $210 |\n"
    "| Crown (porcelain) | $1,150 |\n"
    "| Root canal (molar) | $1,100 |\n\n"
    "We give a written estimate before any treatment over $300.",
    pricing_tags, "published", 88, 30 },
  { "Cancellation and rescheduling policy",
    "Please give at least 24 hours' notice to cancel or move an appointment. Late cancellations and missed "
    "appointments may be charged $50. Patients can cancel by phone at any time; the agent offers the next "
    "free slots straight away.",
    policy_tags, "published", 85, 85 },
  { "Parking and directions",
    "We are at 1200 Harbor Street, Suite 210 (second floor, lift on the left).\n\n"
    "Parking is free for patients in the garage behind the building, levels 2 and 3: take a ticket and "
    "the front desk validates it. The Harbor & 12th bus stop (lines 14 and 22) is across the street.",
    location_tags, "published", 80, 80 },
  { "Insurance plans we accept",
    "In network: Delta Dental PPO, Cigna Dental, MetLife PDP and Aetna Dental PPO.\n\n"
    "We bill most other PPO plans out of network. We do not accept HMO plans. Patients should bring their "
    "insurance card and a photo ID; with the member ID in advance we can check coverage before the visit.",
    insurance_tags, "published", 75, 12 },
  { "Dental emergencies",
    "We keep emergency slots every weekday and on Saturday mornings. Book the same day for a broken or "
    "cracked tooth, a lost filling or crown, or severe pain.\n\n"
    "If the caller has facial swelling with fever or difficulty breathing or swallowing, tell them to go "
    "to the emergency room or call 911.",
    emergency_tags, "published", 70, 70 },
  { "New patient checklist",
    "Before the first visit, new patients should:\n\n"
    "1. Fill in the health history form (sent by email after booking).\n"
    "2. Bring a photo ID and their insurance card.\n"
    "3. Arrive 15 minutes early.\n\n"
    "The first visit is a 60-minute exam with X-rays and, time permitting, a cleaning.",
    new_patient_tags, "published", 60, 20 },
  { "Teeth whitening options",
    "Draft: prices to confirm with Dr. Patel.\n\n"
    "- In-office whitening, one 90-minute session: $450\n"
    "- Take-home trays with gel: $275\n\n"
    "Smile Plan members get 10% off. Whitening is cosmetic and rarely covered by insurance.",
    whitening_tags, "draft", 14, 3 },
};

static gboolean
fill_articles (AivoSandboxDatabase  *db,
               GRand                *rand,
               gint64                day0,
               GError              **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (articles); i++)
    {
      g_autofree char *id = demo_id (rand, "art");
      gint64 created_at = day0 - articles[i].created_days_ago * DAY + AT (16, 0);
      gint64 updated_at = day0 - articles[i].updated_days_ago * DAY + AT (16, 0);

      if (!aivo_sandbox_article_insert (db, id, articles[i].title, articles[i].body, articles[i].tags,
                                        articles[i].status, created_at, updated_at, error))
        return FALSE;
    }

  return TRUE;
}

/* Appointments ------------------------------------------------------------------ */

/* In the order they were booked (17:00 that day); negative days are in the
 * past. A change (done, moved, cancelled) is recorded at 22:00, after the
 * day's last appointment; an appointment that never changed was last
 * updated when it was booked, and only a completed one is in the past. */
static const struct {
  const char *title;
  int         contact;
  int         day;
  int         starts;
  int         minutes;
  const char *status;
  const char *notes;
  int         booked_days_ago;
  int         changed_days_ago;
} appointments[] = {
  { "Dental cleaning", MARIA, -23, AT (14, 30), 45, "completed",
    "Routine cleaning and check-up. Next recall in six months.", 30, 23 },
  { "New patient exam", HANNAH, -20, AT (15, 0), 60, "completed",
    "Full exam with X-rays. Small cavity on the upper right; filling suggested.", 25, 20 },
  { "Whitening consultation", EMILY, -18, AT (15, 30), 30, "completed",
    "Chose take-home trays.", 22, 18 },
  { "Emergency visit: cracked molar", DANIEL, -19, AT (20, 45), 30, "completed",
    "Cracked lower left molar; root canal the following week.", 19, 19 },
  { "Root canal", DANIEL, -15, AT (18, 0), 90, "completed",
    "Lower left molar. Temporary crown placed.", 19, 15 },
  { "Filling", JAMES, 2, AT (13, 30), 45, "scheduled",
    "Moved from Thursday by phone. Quiet room.", 16, 3 },
  { "Crown placement", DANIEL, 14, AT (19, 30), 60, "scheduled",
    "Permanent crown, lower left molar.", 13, 13 },
  { "Emergency visit: chipped incisor", SOFIA, -12, AT (20, 45), 30, "completed",
    "Bonded the chip; no further treatment needed.", 12, 12 },
  { "Check-up", CARLOS, 3, AT (15, 0), 30, "cancelled",
    "Cancelled by phone: travelling. Will call back to rebook.", 9, 5 },
  { "Dental cleaning", AISHA, 1, AT (15, 0), 45, "scheduled",
    "", 7, 7 },
};

static gboolean
fill_appointments (AivoSandboxDatabase  *db,
                   GRand                *rand,
                   gint64                day0,
                   char * const         *contact_ids,
                   GError              **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (appointments); i++)
    {
      g_autofree char *id = demo_id (rand, "apt");
      gint64 starts_at = day0 + appointments[i].day * DAY + appointments[i].starts;
      gint64 booked_at = day0 - appointments[i].booked_days_ago * DAY + AT (17, 0);
      gint64 changed_at = appointments[i].changed_days_ago == appointments[i].booked_days_ago
        ? booked_at
        : day0 - appointments[i].changed_days_ago * DAY + AT (22, 0);

      if (!aivo_sandbox_appointment_insert (db, id, appointments[i].title, contact_ids[appointments[i].contact],
                                            starts_at, starts_at + appointments[i].minutes * MINUTE,
                                            appointments[i].status, appointments[i].notes,
                                            booked_at, changed_at, error))
        return FALSE;
    }

  return TRUE;
}

/* Webhooks ---------------------------------------------------------------------- */

static gboolean
fill_webhooks (AivoSandboxDatabase  *db,
               GRand                *rand,
               gint64                day0,
               GError              **error)
{
  static const char * const call_events[] = { "call.completed", "call.missed", NULL };
  static const char * const calendar_events[] = { "appointment.created", "appointment.cancelled", NULL };
  g_autofree char *crm = demo_id (rand, "wh");
  g_autofree char *calendar = demo_id (rand, "wh");

  return aivo_sandbox_webhook_insert (db, crm, "https://hooks.example.com/aivo/calls", call_events,
                                      "Sync call logs to the CRM", day0 - 40 * DAY + AT (18, 0), error) &&
         aivo_sandbox_webhook_insert (db, calendar, "https://calendar.example.org/webhooks/aivo", calendar_events,
                                      "Front-desk calendar", day0 - 21 * DAY + AT (18, 30), error);
}

gboolean
aivo_sandbox_demo_data_fill (AivoSandboxDatabase  *db,
                             gint64                now,
                             GError              **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (DEMO_SEED);
  char *contact_ids[N_CONTACTS + 1] = { NULL, };
  gint64 day0 = now - now % DAY;   /* midnight UTC of the day the directory was made */
  gboolean ok;

  g_return_val_if_fail (AIVO_SANDBOX_IS_DATABASE (db), FALSE);

  /* mem_0002 and mem_0003. */
  if (!fill_team (db, now, error))
    return FALSE;

  ok = fill_contacts (db, rand, day0, contact_ids, error) &&
       fill_calls (db, rand, now, day0, contact_ids, error) &&
       fill_call_settings (db, error) &&
       fill_articles (db, rand, day0, error) &&
       fill_appointments (db, rand, day0, contact_ids, error) &&
       fill_webhooks (db, rand, day0, error);

  for (guint i = 0; i < N_CONTACTS; i++)
    g_free (contact_ids[i]);

  return ok;
}
