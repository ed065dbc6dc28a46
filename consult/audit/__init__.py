"""The audit log: every change by an official is traceable."""
