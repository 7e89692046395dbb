"""The ground floor: building blocks every app uses; it imports no app."""
