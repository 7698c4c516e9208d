//! Charts: from analysis results to a scene of marks in CSS pixels.
