//! Signed identity assertions (challenges, tokens, policies). Later issue.
