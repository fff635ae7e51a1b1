"""Trợ lý Tổ công nghệ số — a channel-agnostic assistant for community digital-technology teams."""
