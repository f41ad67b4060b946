-- Login codes that may be sent once more when the vendor reports them undelivered while still valid (issue 20,
-- notifier.receipts.resend-undelivered-login-codes). The ledger never keeps a code: this table keeps the request,
-- sealed by SecretBox with 'login-code:<event id>' as associated data, only until the code expires (purged every
-- minute) or a receipt settles it. Found by the receipt's own key: service, the vendor's message id and the number.
create table login_code_copies (
    service             text        not null,
    provider_message_id text        not null,
    recipient_key       text        not null,
    event_id            text        not null,
    key_id              text        not null,
    sealed              bytea       not null,
    expires_at          timestamptz not null,
    primary key (service, provider_message_id, recipient_key)
);
create index login_code_copies_expires on login_code_copies (expires_at);
