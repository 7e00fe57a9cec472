/* aivo-rate-limit.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-rate-limit"

#include "config.h"

#include <string.h>

#include "aivo-rate-limit.h"

/* An immutable snapshot of what one response said about the rate limit.
 *
 * Sources, and who wins when several are present:
 * - X-RateLimit-Limit / -Remaining / -Reset (the de-facto legacy fields)
 *   win for limit, remaining and reset: they are what most servers,
 *   including ours, have sent longest, so they are the better tested numbers;
 * - RateLimit-Policy / RateLimit (draft-ietf-httpapi-ratelimit-headers-10)
 *   fill in whatever the legacy fields lack, and are the only source of
 *   the window and the policy name;
 * - Retry-After answers "when may I send again" ahead of everything else.
 *
 * Any field that is malformed, out of range, or repeated with conflicting
 * values is dropped on its own; the rest of the response still counts. */

struct _AivoRateLimit
{
  GObject  parent_instance;

  /* Owned */
  char    *policy_name;

  /* -1 when unknown */
  gint64   limit;
  gint64   remaining;
  gint64   reset_unix;
  gint64   window_seconds;
  gint64   retry_after_seconds;

  gint64   received_unix;
};

G_DEFINE_FINAL_TYPE (AivoRateLimit, aivo_rate_limit, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HAS_LIMIT,
  PROP_LIMIT,
  PROP_HAS_REMAINING,
  PROP_REMAINING,
  PROP_RESET_UNIX,
  PROP_WINDOW_SECONDS,
  PROP_RETRY_AFTER_SECONDS,
  PROP_POLICY_NAME,
  PROP_RECEIVED_UNIX,
  PROP_EXHAUSTED,
  PROP_EMPTY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Header fields read, in one pass over the response. */
typedef enum
{
  FIELD_LEGACY_LIMIT,
  FIELD_LEGACY_REMAINING,
  FIELD_LEGACY_RESET,
  FIELD_POLICY,
  FIELD_RATELIMIT,
  FIELD_RETRY_AFTER,
  FIELD_DATE,
  N_FIELDS
} Field;

static const char * const field_names[N_FIELDS] = {
  [FIELD_LEGACY_LIMIT] = "X-RateLimit-Limit",
  [FIELD_LEGACY_REMAINING] = "X-RateLimit-Remaining",
  [FIELD_LEGACY_RESET] = "X-RateLimit-Reset",
  [FIELD_POLICY] = "RateLimit-Policy",
  [FIELD_RATELIMIT] = "RateLimit",
  [FIELD_RETRY_AFTER] = "Retry-After",
  [FIELD_DATE] = "Date",
};

/* Draft-10 parameters this module reads. */
typedef enum
{
  PARAM_QUOTA,
  PARAM_WINDOW,
  PARAM_REMAINING,
  PARAM_RESET,
  N_PARAMS
} Param;

static const char * const param_keys[N_PARAMS] = {
  [PARAM_QUOTA] = "q",
  [PARAM_WINDOW] = "w",
  [PARAM_REMAINING] = "r",
  [PARAM_RESET] = "t",
};

static const gint64 param_max[N_PARAMS] = {
  [PARAM_QUOTA] = AIVO_RATE_LIMIT_MAX_COUNT,
  [PARAM_WINDOW] = AIVO_RATE_LIMIT_MAX_DELTA_SECONDS,
  [PARAM_REMAINING] = AIVO_RATE_LIMIT_MAX_COUNT,
  [PARAM_RESET] = AIVO_RATE_LIMIT_MAX_DELTA_SECONDS,
};

/* One member of a draft-10 list: its name (NULL unless the item is a string
 * or a token) and the parameters above (-1 unless a non-negative integer in
 * range). */
typedef struct
{
  char   *name;
  gint64  params[N_PARAMS];
} Member;

/* Saturating arithmetic: callers may pass any clock value. */
static gint64
add_saturated (gint64 a,
               gint64 b)
{
  gint64 sum;

  if (__builtin_add_overflow (a, b, &sum))
    return b > 0 ? G_MAXINT64 : G_MININT64;

  return sum;
}

static gint64
sub_saturated (gint64 a,
               gint64 b)
{
  gint64 difference;

  if (__builtin_sub_overflow (a, b, &difference))
    return b < 0 ? G_MAXINT64 : G_MININT64;

  return difference;
}

static gboolean
is_ows (char c)
{
  return c == ' ' || c == '\t';
}

static gboolean
is_tchar (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

/* A copy of [start, end) without the optional white space around it. */
static char *
dup_trimmed (const char *start,
             const char *end)
{
  while (start < end && is_ows (*start))
    start++;
  while (end > start && is_ows (end[-1]))
    end--;

  return g_strndup (start, end - start);
}

/* Parses a non-negative decimal integer in [0, max]: no sign, no white
 * space, no junk, no other digits than ASCII. */
static gboolean
parse_bounded (const char *text,
               gint64      max,
               gint64     *out)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, (guint64) max, &value, NULL))
    return FALSE;

  *out = (gint64) value;
  return TRUE;
}

/* HTTP-date (RFC 9110 §5.6.7) */

static const char * const day_names[] = {
  "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
};

static const char * const long_day_names[] = {
  "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
};

static const char * const month_names[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

static gboolean
eat_literal (const char **p,
             const char  *literal)
{
  gsize length = strlen (literal);

  if (strncmp (*p, literal, length) != 0)
    return FALSE;

  *p += length;
  return TRUE;
}

/* Exactly @n_digits ASCII digits. */
static gboolean
eat_digits (const char **p,
            guint        n_digits,
            guint       *out)
{
  guint value = 0;

  for (guint i = 0; i < n_digits; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      value = value * 10 + (guint) ((*p)[i] - '0');
    }

  *p += n_digits;
  *out = value;
  return TRUE;
}

/* Returns the 1-based index of the name @p starts with, 0 if none. */
static guint
eat_name (const char         **p,
          const char * const  *names,
          guint                n_names)
{
  for (guint i = 0; i < n_names; i++)
    if (eat_literal (p, names[i]))
      return i + 1;

  return 0;
}

static gboolean
eat_time_of_day (const char **p,
                 guint       *hour,
                 guint       *minute,
                 guint       *second)
{
  /* 60 is a leap second. */
  return eat_digits (p, 2, hour) && *hour <= 23
    && eat_literal (p, ":") && eat_digits (p, 2, minute) && *minute <= 59
    && eat_literal (p, ":") && eat_digits (p, 2, second) && *second <= 60;
}

static gint64
unix_from_civil (guint     year,
                 guint     month,
                 guint     day,
                 guint     hour,
                 guint     minute,
                 guint     second,
                 gboolean *valid)
{
  GDate date;
  GDate epoch;

  *valid = g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
  if (!*valid)
    return 0;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);

  return ((gint64) g_date_get_julian (&date) - (gint64) g_date_get_julian (&epoch)) * 86400
         + hour * 3600 + minute * 60 + second;
}

/* RFC 850 years have two digits: RFC 9110 says one that looks more than 50
 * years in the future is in the past century. */
static guint
expand_two_digit_year (guint  two_digits,
                       gint64 now_unix)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (CLAMP (now_unix, 0, AIVO_RATE_LIMIT_MAX_UNIX_TIME));
  guint current = now != NULL ? (guint) g_date_time_get_year (now) : 1970;
  guint year = current / 100 * 100 + two_digits;

  if (year > current + 50)
    year -= 100;

  return year;
}

/**
 * aivo_rate_limit_parse_http_date:
 * @text: a field value
 * @now_unix: the current time, only used to place two-digit years
 * @unix_out: (out): the time as Unix seconds
 *
 * Accepts the three forms RFC 9110 obliges a recipient to read, exactly as
 * written there (case-sensitive, GMT only, nothing before or after):
 * IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), the obsolete RFC 850 form
 * ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime ("Sun Nov  6 08:49:37
 * 1994"). The day name is checked for shape, not against the date, as most
 * HTTP implementations do.
 *
 * Returns: whether @text is a valid HTTP-date
 */
gboolean
aivo_rate_limit_parse_http_date (const char *text,
                                 gint64      now_unix,
                                 gint64     *unix_out)
{
  const char *p = text;
  guint day = 0, month = 0, year = 0, hour = 0, minute = 0, second = 0;
  gboolean matched = FALSE;
  gboolean valid;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (unix_out != NULL, FALSE);

  if (eat_name (&p, long_day_names, G_N_ELEMENTS (long_day_names)) != 0)
    {
      /* RFC 850 */
      matched = eat_literal (&p, ", ") && eat_digits (&p, 2, &day)
        && eat_literal (&p, "-") && (month = eat_name (&p, month_names, G_N_ELEMENTS (month_names))) != 0
        && eat_literal (&p, "-") && eat_digits (&p, 2, &year)
        && eat_literal (&p, " ") && eat_time_of_day (&p, &hour, &minute, &second)
        && eat_literal (&p, " GMT");
      year = expand_two_digit_year (year, now_unix);
    }
  else if (eat_name (&p, day_names, G_N_ELEMENTS (day_names)) != 0)
    {
      if (eat_literal (&p, ", "))
        {
          /* IMF-fixdate */
          matched = eat_digits (&p, 2, &day)
            && eat_literal (&p, " ") && (month = eat_name (&p, month_names, G_N_ELEMENTS (month_names))) != 0
            && eat_literal (&p, " ") && eat_digits (&p, 4, &year)
            && eat_literal (&p, " ") && eat_time_of_day (&p, &hour, &minute, &second)
            && eat_literal (&p, " GMT");
        }
      else
        {
          /* asctime: the day is two digits or a space and one digit. */
          matched = eat_literal (&p, " ")
            && (month = eat_name (&p, month_names, G_N_ELEMENTS (month_names))) != 0
            && eat_literal (&p, " ")
            && (eat_literal (&p, " ") ? eat_digits (&p, 1, &day) : eat_digits (&p, 2, &day))
            && eat_literal (&p, " ") && eat_time_of_day (&p, &hour, &minute, &second)
            && eat_literal (&p, " ") && eat_digits (&p, 4, &year);
        }
    }

  if (!matched || *p != '\0')
    return FALSE;

  *unix_out = unix_from_civil (year, month, day, hour, minute, second, &valid);
  return valid;
}

/* Structured fields (RFC 8941), just enough of them for a List whose
 * members carry integer parameters. Anything that is not valid RFC 8941
 * makes the whole field invalid, as the RFC requires. */

typedef enum
{
  BARE_INTEGER,
  BARE_STRING,
  BARE_TOKEN,
  BARE_OTHER,
} BareType;

static gboolean
sf_parse_number (const char **p,
                 BareType    *type,
                 gint64      *integer)
{
  gboolean negative = FALSE;
  guint n_digits = 0;
  gint64 value = 0;

  if (**p == '-')
    {
      negative = TRUE;
      (*p)++;
    }

  while (g_ascii_isdigit (**p))
    {
      if (++n_digits > 15)
        return FALSE;
      value = value * 10 + (**p - '0');
      (*p)++;
    }

  if (n_digits == 0)
    return FALSE;

  if (**p == '.')
    {
      guint n_fraction = 0;

      if (n_digits > 12)
        return FALSE;
      (*p)++;
      while (g_ascii_isdigit (**p))
        {
          if (++n_fraction > 3)
            return FALSE;
          (*p)++;
        }
      if (n_fraction == 0)
        return FALSE;

      *type = BARE_OTHER;
      return TRUE;
    }

  *type = BARE_INTEGER;
  *integer = negative ? -value : value;
  return TRUE;
}

static gboolean
sf_parse_string (const char **p,
                 GString     *out)
{
  g_assert (**p == '"');
  (*p)++;

  for (;;)
    {
      char c = **p;

      if (c == '\0')
        return FALSE;
      (*p)++;

      if (c == '"')
        return TRUE;

      if (c == '\\')
        {
          c = **p;
          if (c != '"' && c != '\\')
            return FALSE;
          (*p)++;
        }
      else if ((guchar) c < 0x20 || (guchar) c > 0x7E)
        return FALSE;

      g_string_append_c (out, c);
    }
}

static void
sf_parse_token (const char **p,
                GString     *out)
{
  const char *start = *p;

  g_assert (g_ascii_isalpha (**p) || **p == '*');
  (*p)++;
  while (is_tchar (**p) || **p == ':' || **p == '/')
    (*p)++;

  g_string_append_len (out, start, *p - start);
}

static gboolean
sf_parse_byte_sequence (const char **p)
{
  g_assert (**p == ':');
  (*p)++;
  while (g_ascii_isalnum (**p) || **p == '+' || **p == '/' || **p == '=')
    (*p)++;

  if (**p != ':')
    return FALSE;

  (*p)++;
  return TRUE;
}

/* @text receives strings and tokens; it may be NULL when they do not matter. */
static gboolean
sf_parse_bare_item (const char **p,
                    BareType    *type,
                    gint64      *integer,
                    GString     *text)
{
  g_autoptr(GString) scratch = NULL;
  char c = **p;

  if (text == NULL)
    text = scratch = g_string_new (NULL);

  if (c == '-' || g_ascii_isdigit (c))
    return sf_parse_number (p, type, integer);

  if (c == '"')
    {
      *type = BARE_STRING;
      return sf_parse_string (p, text);
    }

  if (g_ascii_isalpha (c) || c == '*')
    {
      *type = BARE_TOKEN;
      sf_parse_token (p, text);
      return TRUE;
    }

  *type = BARE_OTHER;

  if (c == ':')
    return sf_parse_byte_sequence (p);

  if (c == '?' && ((*p)[1] == '0' || (*p)[1] == '1'))
    {
      *p += 2;
      return TRUE;
    }

  return FALSE;
}

static gboolean
sf_parse_key (const char **p,
              GString     *key)
{
  if (!g_ascii_islower (**p) && **p != '*')
    return FALSE;

  while (g_ascii_islower (**p) || g_ascii_isdigit (**p)
         || **p == '_' || **p == '-' || **p == '.' || **p == '*')
    g_string_append_c (key, *(*p)++);

  return TRUE;
}

/* Reads ";key[=value]" repeatedly. With @member, the known keys are stored
 * in it; a later duplicate key overrides an earlier one (RFC 8941 §4.2.3.2). */
static gboolean
sf_parse_parameters (const char **p,
                     Member      *member)
{
  g_autoptr(GString) key = g_string_new (NULL);

  while (**p == ';')
    {
      BareType type = BARE_OTHER;
      gint64 integer = -1;

      (*p)++;
      while (**p == ' ')
        (*p)++;

      g_string_truncate (key, 0);
      if (!sf_parse_key (p, key))
        return FALSE;

      if (**p == '=')
        {
          (*p)++;
          if (!sf_parse_bare_item (p, &type, &integer, NULL))
            return FALSE;
        }

      if (member == NULL)
        continue;

      for (guint i = 0; i < N_PARAMS; i++)
        if (strcmp (key->str, param_keys[i]) == 0)
          member->params[i] = (type == BARE_INTEGER && integer >= 0 && integer <= param_max[i])
                              ? integer : -1;
    }

  return TRUE;
}

static gboolean
sf_parse_inner_list (const char **p)
{
  g_assert (**p == '(');
  (*p)++;

  for (;;)
    {
      BareType type;
      gint64 integer;

      while (**p == ' ')
        (*p)++;

      if (**p == ')')
        {
          (*p)++;
          return sf_parse_parameters (p, NULL);
        }

      if (!sf_parse_bare_item (p, &type, &integer, NULL) || !sf_parse_parameters (p, NULL))
        return FALSE;

      if (**p != ' ' && **p != ')')
        return FALSE;
    }
}

static void
member_clear (Member *member)
{
  g_clear_pointer (&member->name, g_free);
}

static gboolean
sf_parse_member (const char **p,
                 Member      *member)
{
  g_autoptr(GString) name = g_string_new (NULL);
  BareType type;
  gint64 integer;

  for (guint i = 0; i < N_PARAMS; i++)
    member->params[i] = -1;

  if (**p == '(')
    return sf_parse_inner_list (p) && sf_parse_parameters (p, member);

  if (!sf_parse_bare_item (p, &type, &integer, name))
    return FALSE;

  if (type == BARE_STRING || type == BARE_TOKEN)
    member->name = g_strdup (name->str);

  return sf_parse_parameters (p, member);
}

/* Returns an array of Member, or NULL when @text is not a valid List. */
static GArray *
sf_parse_list (const char *text)
{
  g_autoptr(GArray) members = g_array_new (FALSE, TRUE, sizeof (Member));
  const char *p = text;

  g_array_set_clear_func (members, (GDestroyNotify) member_clear);

  while (*p == ' ')
    p++;

  while (*p != '\0')
    {
      Member member = { NULL, };

      if (!sf_parse_member (&p, &member))
        {
          member_clear (&member);
          return NULL;
        }
      g_array_append_val (members, member);

      while (is_ows (*p))
        p++;
      if (*p == '\0')
        break;
      if (*p++ != ',')
        return NULL;
      while (is_ows (*p))
        p++;
      if (*p == '\0')
        return NULL;
    }

  return g_steal_pointer (&members);
}

/* The first member that has a name. */
static const Member *
first_named_member (GArray *members)
{
  for (guint i = 0; members != NULL && i < members->len; i++)
    if (g_array_index (members, Member, i).name != NULL)
      return &g_array_index (members, Member, i);

  return NULL;
}

static const Member *
find_member (GArray     *members,
             const char *name)
{
  for (guint i = 0; members != NULL && i < members->len; i++)
    if (g_strcmp0 (g_array_index (members, Member, i).name, name) == 0)
      return &g_array_index (members, Member, i);

  return NULL;
}

/* Header access */

typedef struct
{
  /* Borrowed from the headers; one entry per field line. */
  GPtrArray *values[N_FIELDS];
} FieldValues;

static void
field_values_collect (FieldValues        *fields,
                      SoupMessageHeaders *headers)
{
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;

  for (guint i = 0; i < N_FIELDS; i++)
    fields->values[i] = g_ptr_array_new ();

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    for (guint i = 0; i < N_FIELDS; i++)
      if (g_ascii_strcasecmp (name, field_names[i]) == 0)
        g_ptr_array_add (fields->values[i], (gpointer) value);
}

static void
field_values_clear (FieldValues *fields)
{
  for (guint i = 0; i < N_FIELDS; i++)
    g_clear_pointer (&fields->values[i], g_ptr_array_unref);
}

/* Interprets one field value, already trimmed. @context is whatever the
 * parser needs. */
typedef gboolean (*ValueParser) (const char *value,
                                 gpointer    context,
                                 gint64     *out);

/* A single-valued field: every line of it must parse, to the same number;
 * otherwise the server contradicts itself and the field is dropped. */
static gint64
field_get_single (FieldValues *fields,
                  Field        field,
                  ValueParser  parser,
                  gpointer     context)
{
  GPtrArray *values = fields->values[field];
  gint64 result = -1;

  for (guint i = 0; i < values->len; i++)
    {
      const char *raw = g_ptr_array_index (values, i);
      g_autofree char *trimmed = dup_trimmed (raw, raw + strlen (raw));
      gint64 value;

      if (!parser (trimmed, context, &value))
        return -1;
      if (i > 0 && value != result)
        return -1;
      result = value;
    }

  return result;
}

/* A list-valued field: its lines joined with commas (RFC 9110 §5.3). */
static GArray *
field_get_list (FieldValues *fields,
                Field        field)
{
  GPtrArray *values = fields->values[field];
  g_autoptr(GString) joined = g_string_new (NULL);

  if (values->len == 0)
    return NULL;

  for (guint i = 0; i < values->len; i++)
    {
      if (i > 0)
        g_string_append (joined, ", ");
      g_string_append (joined, g_ptr_array_index (values, i));
    }

  return sf_parse_list (joined->str);
}

typedef struct
{
  gint64 now_unix;
  /* The response's Date, or now when it has none. */
  gint64 reference_unix;
} Clock;

static gboolean
parse_count (const char *value,
             gpointer    context,
             gint64     *out)
{
  return parse_bounded (value, AIVO_RATE_LIMIT_MAX_COUNT, out);
}

/* Unix seconds, or seconds from now when below 10^9 (before 2001-09-09,
 * so no real reset time), which some servers send. */
static gboolean
parse_reset (const char *value,
             gpointer    context,
             gint64     *out)
{
  const Clock *clock = context;

  if (!parse_bounded (value, AIVO_RATE_LIMIT_MAX_UNIX_TIME, out))
    return FALSE;

  if (*out <= AIVO_RATE_LIMIT_MAX_DELTA_SECONDS)
    *out = add_saturated (clock->now_unix, *out);

  return TRUE;
}

static gboolean
parse_date (const char *value,
            gpointer    context,
            gint64     *out)
{
  const Clock *clock = context;

  return aivo_rate_limit_parse_http_date (value, clock->now_unix, out);
}

/* delay-seconds, or an HTTP-date measured against the response's Date. */
static gboolean
parse_retry_after (const char *value,
                   gpointer    context,
                   gint64     *out)
{
  const Clock *clock = context;
  gint64 date;

  if (parse_bounded (value, AIVO_RATE_LIMIT_MAX_DELTA_SECONDS, out))
    return TRUE;

  if (!aivo_rate_limit_parse_http_date (value, clock->now_unix, &date))
    return FALSE;

  *out = MAX (sub_saturated (date, clock->reference_unix), 0);
  return *out <= AIVO_RATE_LIMIT_MAX_DELTA_SECONDS;
}

static void
read_draft_fields (AivoRateLimit *self,
                   FieldValues   *fields,
                   gint64        *draft_limit,
                   gint64        *draft_remaining,
                   gint64        *draft_reset)
{
  g_autoptr(GArray) policies = field_get_list (fields, FIELD_POLICY);
  g_autoptr(GArray) states = field_get_list (fields, FIELD_RATELIMIT);
  const Member *policy = NULL;
  const Member *state = NULL;

  /* Prefer the first RateLimit member whose policy is also described;
   * otherwise take the first named member of each field. */
  for (guint i = 0; states != NULL && i < states->len && policy == NULL; i++)
    {
      state = &g_array_index (states, Member, i);
      if (state->name != NULL)
        policy = find_member (policies, state->name);
    }
  if (policy == NULL)
    {
      state = first_named_member (states);
      policy = first_named_member (policies);
    }

  *draft_limit = policy != NULL ? policy->params[PARAM_QUOTA] : -1;
  *draft_remaining = state != NULL ? state->params[PARAM_REMAINING] : -1;
  *draft_reset = (state != NULL && state->params[PARAM_RESET] >= 0)
                 ? add_saturated (self->received_unix, state->params[PARAM_RESET]) : -1;
  self->window_seconds = policy != NULL ? policy->params[PARAM_WINDOW] : -1;
  self->policy_name = g_strdup (state != NULL ? state->name : policy != NULL ? policy->name : NULL);
}

static void
aivo_rate_limit_finalize (GObject *object)
{
  AivoRateLimit *self = (AivoRateLimit *)object;

  g_clear_pointer (&self->policy_name, g_free);

  G_OBJECT_CLASS (aivo_rate_limit_parent_class)->finalize (object);
}

static void
aivo_rate_limit_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AivoRateLimit *self = AIVO_RATE_LIMIT (object);

  switch (prop_id)
    {
    case PROP_HAS_LIMIT:
      g_value_set_boolean (value, aivo_rate_limit_has_limit (self));
      break;

    case PROP_LIMIT:
      g_value_set_int64 (value, self->limit);
      break;

    case PROP_HAS_REMAINING:
      g_value_set_boolean (value, aivo_rate_limit_has_remaining (self));
      break;

    case PROP_REMAINING:
      g_value_set_int64 (value, self->remaining);
      break;

    case PROP_RESET_UNIX:
      g_value_set_int64 (value, self->reset_unix);
      break;

    case PROP_WINDOW_SECONDS:
      g_value_set_int64 (value, self->window_seconds);
      break;

    case PROP_RETRY_AFTER_SECONDS:
      g_value_set_int64 (value, self->retry_after_seconds);
      break;

    case PROP_POLICY_NAME:
      g_value_set_string (value, self->policy_name);
      break;

    case PROP_RECEIVED_UNIX:
      g_value_set_int64 (value, self->received_unix);
      break;

    case PROP_EXHAUSTED:
      g_value_set_boolean (value, aivo_rate_limit_is_exhausted (self));
      break;

    case PROP_EMPTY:
      g_value_set_boolean (value, aivo_rate_limit_is_empty (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
unknown_is_minus_one (const char *name,
                      gint64      max)
{
  return g_param_spec_int64 (name, NULL, NULL, -1, max, -1,
                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
read_only_boolean (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE,
                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
aivo_rate_limit_class_init (AivoRateLimitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aivo_rate_limit_finalize;
  object_class->get_property = aivo_rate_limit_get_property;

  /* All read-only: a snapshot never changes, so a UI binds to a new one. */
  properties[PROP_HAS_LIMIT] = read_only_boolean ("has-limit");
  properties[PROP_LIMIT] = unknown_is_minus_one ("limit", AIVO_RATE_LIMIT_MAX_COUNT);
  properties[PROP_HAS_REMAINING] = read_only_boolean ("has-remaining");
  properties[PROP_REMAINING] = unknown_is_minus_one ("remaining", AIVO_RATE_LIMIT_MAX_COUNT);
  properties[PROP_RESET_UNIX] = unknown_is_minus_one ("reset-unix", G_MAXINT64);
  properties[PROP_WINDOW_SECONDS] = unknown_is_minus_one ("window-seconds", AIVO_RATE_LIMIT_MAX_DELTA_SECONDS);
  properties[PROP_RETRY_AFTER_SECONDS] = unknown_is_minus_one ("retry-after-seconds",
                                                               AIVO_RATE_LIMIT_MAX_DELTA_SECONDS);
  properties[PROP_POLICY_NAME] =
    g_param_spec_string ("policy-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECEIVED_UNIX] = unknown_is_minus_one ("received-unix", G_MAXINT64);
  properties[PROP_EXHAUSTED] = read_only_boolean ("exhausted");
  properties[PROP_EMPTY] = read_only_boolean ("empty");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aivo_rate_limit_init (AivoRateLimit *self)
{
  self->limit = -1;
  self->remaining = -1;
  self->reset_unix = -1;
  self->window_seconds = -1;
  self->retry_after_seconds = -1;
  self->received_unix = -1;
}

/**
 * aivo_rate_limit_new_from_headers:
 * @headers: a response's headers
 * @now_unix: when the response arrived (Unix seconds, not negative)
 *
 * Reads the rate-limit fields of one response. Malformed fields are left
 * out rather than reported: the response itself is still good.
 *
 * Returns: (transfer full): a snapshot, possibly empty
 */
AivoRateLimit *
aivo_rate_limit_new_from_headers (SoupMessageHeaders *headers,
                                  gint64              now_unix)
{
  g_autoptr(AivoRateLimit) self = NULL;
  FieldValues fields;
  Clock clock;
  gint64 draft_limit, draft_remaining, draft_reset;
  gint64 date;

  g_return_val_if_fail (headers != NULL, NULL);
  g_return_val_if_fail (now_unix >= 0, NULL);

  self = g_object_new (AIVO_TYPE_RATE_LIMIT, NULL);
  self->received_unix = now_unix;

  field_values_collect (&fields, headers);

  clock.now_unix = now_unix;
  date = field_get_single (&fields, FIELD_DATE, parse_date, &clock);
  clock.reference_unix = date >= 0 ? date : now_unix;

  read_draft_fields (self, &fields, &draft_limit, &draft_remaining, &draft_reset);

  self->limit = field_get_single (&fields, FIELD_LEGACY_LIMIT, parse_count, &clock);
  if (self->limit < 0)
    self->limit = draft_limit;

  self->remaining = field_get_single (&fields, FIELD_LEGACY_REMAINING, parse_count, &clock);
  if (self->remaining < 0)
    self->remaining = draft_remaining;

  self->reset_unix = field_get_single (&fields, FIELD_LEGACY_RESET, parse_reset, &clock);
  if (self->reset_unix < 0)
    self->reset_unix = draft_reset;

  self->retry_after_seconds = field_get_single (&fields, FIELD_RETRY_AFTER, parse_retry_after, &clock);

  field_values_clear (&fields);

  return g_steal_pointer (&self);
}

/* Whether [name, name + length) is an RFC 9110 field name. */
static gboolean
is_field_name (const char *name,
               gsize       length)
{
  if (length == 0)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if (!is_tchar (name[i]))
      return FALSE;

  return TRUE;
}

/* Adds one "Name: value" line to @headers, or nothing when it is not one. */
static void
append_header_line (SoupMessageHeaders *headers,
                    const char         *line,
                    gsize               length)
{
  const char *colon = memchr (line, ':', length);
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;

  /* NUL and CR cannot travel in a header; no white space before the colon
   * (RFC 9110 §5.1), which also skips folded continuation lines. */
  if (colon == NULL
      || memchr (line, '\0', length) != NULL
      || memchr (line, '\r', length) != NULL
      || !is_field_name (line, colon - line))
    return;

  name = g_strndup (line, colon - line);
  value = dup_trimmed (colon + 1, line + length);
  soup_message_headers_append (headers, name, value);
}

/**
 * aivo_rate_limit_new_from_header_block:
 * @text: (array length=length): header lines, "Name: value" ending in CRLF or LF
 * @length: the length of @text in bytes
 * @now_unix: when the response arrived (Unix seconds, not negative)
 *
 * For text pasted by a user or read from a file, which may hold anything:
 * a status line and lines that are not headers are skipped, and the first
 * empty line after some content ends the block, as it does in HTTP.
 *
 * Returns: (transfer full): a snapshot, possibly empty
 */
AivoRateLimit *
aivo_rate_limit_new_from_header_block (const char *text,
                                       gsize       length,
                                       gint64      now_unix)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  gsize position = 0;
  gboolean seen_content = FALSE;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (now_unix >= 0, NULL);

  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);

  while (position < length)
    {
      const char *line = text + position;
      const char *newline = memchr (line, '\n', length - position);
      gsize line_length = newline != NULL ? (gsize) (newline - line) : length - position;

      position += line_length + (newline != NULL ? 1 : 0);
      if (line_length > 0 && line[line_length - 1] == '\r')
        line_length--;

      if (line_length == 0)
        {
          if (seen_content)
            break;
          continue;
        }

      seen_content = TRUE;
      append_header_line (headers, line, line_length);
    }

  return aivo_rate_limit_new_from_headers (headers, now_unix);
}

gboolean
aivo_rate_limit_has_limit (AivoRateLimit *self)
{
  g_return_val_if_fail (AIVO_IS_RATE_LIMIT (self), FALSE);

  return self->limit >= 0;
}

/* Returns: the requests allowed per window, or -1 when unknown */
gint64
aivo_rate_limit_get_limit (AivoRateLimit *self)
{
  g_return_val_if_fail (AIVO_IS_RATE_LIMIT (self), -1);

  return self->limit;
}

gboolean
aivo_rate_limit_has_remaining (AivoRateLimit *self)
{
  g_return_val_if_fail (AIVO_IS_RATE_LIMIT (self), FALSE);

  return self->remaining >= 0;
}

/* Returns: the requests left in this window, or -1 when unknown */
gint64
aivo_rate_limit_get_remaining (AivoRateLimit *self)
{
  g_return_val_if_fail (AIVO_IS_RATE_LIMIT (self), -1);

  return self->remaining;
}

/* Returns: when the window restarts, in Unix seconds, or -1 when unknown */
gint64
aivo_rate_limit_get_reset_unix (AivoRateLimit *self)
{
  g_return_val_if_fail (AIVO_IS_RATE_LIMIT (self), -1);

  return self->reset_unix;
}

/* Returns: the window length in seconds (draft field w), or -1 when unknown */
gint64
aivo_rate_limit_get_window_seconds (AivoRateLimit *self)
{
  g_return_val_if_fail (AIVO_IS_RATE_LIMIT (self), -1);

  return self->window_seconds;
}

/* Returns: the Retry-After delay counted from reception, or -1 without one */
gint64
aivo_rate_limit_get_retry_after_seconds (AivoRateLimit *self)
{
  g_return_val_if_fail (AIVO_IS_RATE_LIMIT (self), -1);

  return self->retry_after_seconds;
}

/* Returns: (nullable): the draft-10 policy the numbers belong to */
const char *
aivo_rate_limit_get_policy_name (AivoRateLimit *self)
{
  g_return_val_if_fail (AIVO_IS_RATE_LIMIT (self), NULL);

  return self->policy_name;
}

gint64
aivo_rate_limit_get_received_unix (AivoRateLimit *self)
{
  g_return_val_if_fail (AIVO_IS_RATE_LIMIT (self), -1);

  return self->received_unix;
}

/**
 * aivo_rate_limit_get_seconds_until_allowed:
 * @now_unix: the current time; any value is safe
 *
 * Retry-After counted from when the response arrived if it had one; else
 * the time until reset when no request is left; else 0. A remaining count
 * of 0 with no reset time also gives 0: there is nothing to wait for.
 *
 * Returns: seconds to wait before the next request, never negative
 */
gint64
aivo_rate_limit_get_seconds_until_allowed (AivoRateLimit *self,
                                           gint64         now_unix)
{
  gint64 allowed_at;

  g_return_val_if_fail (AIVO_IS_RATE_LIMIT (self), 0);

  /* A clock behind the reception time must not stretch Retry-After. */
  if (self->retry_after_seconds >= 0)
    return CLAMP (sub_saturated (add_saturated (self->received_unix, self->retry_after_seconds), now_unix),
                  0, self->retry_after_seconds);

  if (self->remaining == 0 && self->reset_unix >= 0)
    allowed_at = self->reset_unix;
  else
    return 0;

  return MAX (sub_saturated (allowed_at, now_unix), 0);
}

/* Whether the server said no request is allowed right now: nothing remains,
 * or it asked for a (non-zero) Retry-After. */
gboolean
aivo_rate_limit_is_exhausted (AivoRateLimit *self)
{
  g_return_val_if_fail (AIVO_IS_RATE_LIMIT (self), FALSE);

  return self->remaining == 0 || self->retry_after_seconds > 0;
}

/* Whether the response said nothing usable about rate limits. A policy
 * name without any number does not count. */
gboolean
aivo_rate_limit_is_empty (AivoRateLimit *self)
{
  g_return_val_if_fail (AIVO_IS_RATE_LIMIT (self), TRUE);

  return self->limit < 0
    && self->remaining < 0
    && self->reset_unix < 0
    && self->window_seconds < 0
    && self->retry_after_seconds < 0;
}
