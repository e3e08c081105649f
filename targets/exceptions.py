from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError


class SurveyNotAccepting(ApplicationError):
    code = "survey_not_accepting"
    message = _("This survey is not accepting answers.")
    status_code = 409


class AlreadyAnswered(ApplicationError):
    code = "already_answered"
    message = _("This device has already answered the survey. Thank you!")
    status_code = 409


class InvalidAnswer(ApplicationError):
    code = "invalid_answer"
    message = _("An answer does not fit its question.")


class UnknownQuestion(ApplicationError):
    code = "unknown_question"
    message = _("This question is not part of the survey.")


class DuplicateAnswer(ApplicationError):
    code = "duplicate_answer"
    message = _("The same question is answered twice.")


class MissingAnswer(ApplicationError):
    code = "missing_answer"
    message = _("A required question has no answer.")
    numbered = _("Question %(number)s needs an answer.")


class CommunityOutsideSurvey(ApplicationError):
    code = "community_outside_survey"
    message = _("Choose a community or village the survey covers.")


class BadSurveyLink(ApplicationError):
    code = "bad_link"
    message = _("This survey link is damaged or belongs to another survey.")


class InvalidQuestion(ApplicationError):
    code = "invalid_question"
    message = _("A question is not set up correctly.")


class InvalidSchedule(ApplicationError):
    code = "invalid_schedule"
    message = _("A survey must close after it opens.")


class InvalidTransition(ApplicationError):
    code = "invalid_transition"
    message = _("The survey cannot move to that state from its current one.")
    status_code = 409


class NotEditable(ApplicationError):
    code = "not_editable"
    message = _("Only a draft survey can be changed.")
    status_code = 409


class NoQuestions(ApplicationError):
    code = "no_questions"
    message = _("A survey needs at least one question before it opens.")
    status_code = 409


class NotATemplate(ApplicationError):
    code = "not_a_template"
    message = _("Surveys can only be copied from a template.")


class InvalidTarget(ApplicationError):
    code = "invalid_target"
    message = _("This metric cannot be set as a target for that scope.")


class TargetExists(ApplicationError):
    code = "target_exists"
    message = _("A target for this metric, scope and period already exists.")
    status_code = 409


class InvalidPeriod(ApplicationError):
    code = "invalid_period"
    message = _("Give a period as 2026-05-14, 2026-W20, 2026-05, 2026-Q2 or 2026.")


class NotReady(ApplicationError):
    code = "not_ready"
    message = _("The file is not ready yet.")
    status_code = 409


class ReportAreaLevel(ApplicationError):
    code = "report_area_level"
    message = _("Reports are made for the district and for streets and towns.")


class AnswerOutOfRange(InvalidAnswer):
    code = "out_of_range"
    message = _("Give a whole number from 1 to 5.")


class UnknownChoice(InvalidAnswer):
    code = "unknown_choice"
    message = _("This is not one of the question's choices.")


class WrongAnswerType(InvalidAnswer):
    code = "wrong_type"
    message = _("This kind of value does not answer this question.")


class AnswerTooLong(InvalidAnswer):
    code = "too_long"
    message = _("Keep the answer within 500 characters.")


class ControlCharacters(InvalidAnswer):
    code = "control_characters"
    message = _("The answer contains characters that are not text.")


class CommunityFixedByLink(ApplicationError):
    code = "community_fixed_by_link"
    message = _("The link already names the community; leave the choice out or choose the same one.")
