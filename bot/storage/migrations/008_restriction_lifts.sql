-- Restrictions lifted one by one: a "yes" lifted by feeling well again (the question asked
-- again alone, answered "no"), with the moment. A doctor's clearance stays
-- `screenings.cleared_on`, which lifts every restriction a doctor lifts. Older screenings have
-- no rows here: nothing of theirs was lifted this way.
CREATE TABLE restriction_lifts (
    screening_id INTEGER NOT NULL REFERENCES screenings (id) ON DELETE CASCADE,
    question     TEXT    NOT NULL,  -- the question id ("ill_today")
    lifted_at    TEXT    NOT NULL,
    PRIMARY KEY (screening_id, question)
);
