-- Where each user is in each exercise's lesson, so /lunge can continue there.
CREATE TABLE lesson_progress (
    user_id     INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    exercise_id TEXT    NOT NULL,
    step        INTEGER NOT NULL,
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (user_id, exercise_id)
);
