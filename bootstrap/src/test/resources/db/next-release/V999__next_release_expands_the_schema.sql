-- What the next release's migration looks like to this one (expand/contract): it only adds, here a nullable column and
-- a table, which this release never reads. Used by MigrationsAsAStepIT; the version is far ahead of any real one.
ALTER TABLE phone_numbers ADD COLUMN next_release_note text;
CREATE TABLE next_release_things (id uuid PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());
