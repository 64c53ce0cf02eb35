-- The question a run answered, kept on the run so that failed and cancelled runs (whose messages are not
-- added to the conversation) still show what was asked.
alter table runs add column question text not null default '';
