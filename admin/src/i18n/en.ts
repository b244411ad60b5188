import englishMessages from 'ra-language-english';
import type { TranslationMessages } from 'react-admin';

export const en: TranslationMessages = {
  ...englishMessages,
  resources: {
    leads: {
      name: 'Lead |||| Leads',
      fields: {
        name: 'Name', username: 'Telegram', phone: 'Phone', status: 'Status', source: 'Source', manager_id: 'Manager',
        ai_enabled: 'AI agent answers', ai_summary: 'AI summary', work_type: 'Type of work', area_m2: 'Area, m²', rooms: 'Rooms',
        budget_amount: 'Budget', timing: 'Timing', property_type: 'Property', address: 'Address', hotness: 'Hotness',
        needs_manager: 'Needs a manager', lost_reason: 'Why lost', last_activity_at: 'Last activity', created_at: 'Created',
        unread_count: 'Unread', q: 'Search',
      },
    },
    projects: {
      name: 'Project |||| Projects',
      fields: {
        name: 'Name', address: 'Address', status: 'Status', client_id: 'Client', manager_id: 'Manager', lead_id: 'Lead',
        budget_total: 'Budget', budget_spent: 'Spent', start_date: 'Start', end_date: 'End', worker_ids: 'Workers', q: 'Search',
      },
    },
    stages: {
      name: 'Stage |||| Stages',
      fields: { name: 'Stage', status: 'Status', progress_pct: 'Progress, %', budget_planned: 'Planned budget', position: 'Order' },
    },
    'daily-reports': {
      name: 'Daily report |||| Daily reports',
      fields: { content: 'Report', author_id: 'Author', stage_id: 'Stage', created_at: 'Date', progress_pct: 'Progress, %' },
    },
    transactions: {
      name: 'Transaction |||| Finance',
      fields: {
        project_id: 'Project', stage_id: 'Stage', amount: 'Amount', type: 'Type', status: 'Status', category: 'Category',
        description: 'Description', proof_url: 'Receipt', occurred_on: 'Date', occurred_on_gte: 'From', occurred_on_lte: 'To',
        author_id: 'Author', q: 'Search',
      },
    },
    'change-requests': {
      name: 'Change request |||| Change requests',
      fields: {
        project_id: 'Project', title: 'Title', description: 'Description', amount: 'Amount', status: 'Status',
        created_by: 'Created by', decided_by: 'Decided by', decided_at: 'Decided at', sent_at: 'Sent to client', created_at: 'Created',
      },
    },
    documents: {
      name: 'Document |||| Documents',
      fields: { title: 'Title', kind: 'Kind', url: 'File', size: 'Size', created_at: 'Uploaded' },
    },
    users: {
      name: 'User |||| Users',
      fields: {
        name: 'Name', role: 'Role', email: 'Email', phone: 'Phone (E.164)', password: 'Password', telegram_linked: 'Telegram',
        telegram_username: 'Telegram username', is_active: 'Active', created_at: 'Created', q: 'Search',
      },
    },
    organizations: {
      name: 'Settings',
      fields: {
        name: 'Company name', country: 'Country', currency: 'Currency', timezone: 'Time zone', locale: 'Language', bot_token: 'Bot token',
        ai_enabled: 'AI sales agent on', ai_instructions: 'Instructions for the AI agent', stale_lead_days: 'A lead is stale after (days)',
        hot_budget_threshold: 'Hot lead budget from', report_reminder_hour: 'Report reminder hour', digest_hour: 'Manager digest hour',
        notify_client_on_report: 'Notify the client about daily reports',
      },
    },
  },
  crm: {
    errors: { validation: 'Please check the values', not_found: 'Not found: it may have been deleted', conflict: 'This conflicts with the current state', unauthorized: 'Wrong email or password, or the session has ended', forbidden: 'You are not allowed to do this', rate_limited: 'Too many attempts; wait a moment', unavailable: 'The service is unavailable for a moment; try again', bad_request: 'The request could not be read', internal: 'Something went wrong on our side; try again', bad_gateway: 'The bot process is not reachable', generic: 'Something went wrong' },
    field_errors: { required: 'is required', invalid: 'is not valid', invalid_type: 'has the wrong type', too_short: 'is too short', too_long: 'is too long', too_small: 'is too small', too_large: 'is too large', too_few: 'needs more items', too_many: 'has too many items', invalid_email: 'must be an email address', invalid_phone: 'must be a phone number, e.g. +7 900 123-45-67', invalid_number: 'must be an amount, e.g. 12 500 or 12,5к', too_many_decimals: 'has too many decimals', negative: 'must not be negative', not_positive: 'must be greater than zero', taken: 'is already taken', unknown_reference: 'points to a record that does not exist', invalid_time_zone: 'must be a time zone such as Europe/Moscow', invalid_date: 'must be a date', invalid_country: 'must be a country code such as RU or BY', invalid_currency: 'must be a currency code such as RUB', own_account: 'cannot be changed for your own account', unknown_field: 'is not known here', invalid_json: 'is malformed', not_allowed: 'is not one of the allowed values', invalid_format: 'has the wrong format', choose_organization: 'choose the company to sign in to', bot_token_unusable: 'cannot be connected: revoke it in @BotFather (/revoke) and paste the new token' },
    ai_paused_reasons: { manager_replied: 'a manager replied' },
    countries: { RU: 'Russia', BY: 'Belarus', KZ: 'Kazakhstan', UA: 'Ukraine', UZ: 'Uzbekistan', KG: 'Kyrgyzstan', AM: 'Armenia', GE: 'Georgia', AZ: 'Azerbaijan', MD: 'Moldova', TR: 'Turkey', AE: 'UAE', DE: 'Germany', GB: 'United Kingdom', US: 'USA' },
    lead_status: { new: 'New', qualified: 'Qualified', measurement: 'Measurement', estimate: 'Estimate', contract: 'Contract', won: 'Won', lost: 'Lost' },
    work_type: { apartment: 'Whole apartment', bathroom: 'Bathroom', kitchen: 'Kitchen', cosmetic: 'Cosmetic', capital: 'Major renovation', design: 'Design', other: 'Other' },
    property_type: { new_build: 'New build', secondary: 'Resale' },
    project_status: { planning: 'Planning', active: 'Active', paused: 'Paused', done: 'Done', cancelled: 'Cancelled' },
    stage_status: { planned: 'Planned', in_progress: 'In progress', done: 'Done' },
    transaction_type: { expense: 'Expense', income: 'Income' },
    transaction_status: { confirmed: 'Confirmed', rejected: 'Rejected' },
    change_request_status: { pending: 'Awaiting client', approved: 'Approved', rejected: 'Declined' },
    document_kind: { contract: 'Contract', estimate: 'Estimate', act: 'Act', other: 'Other' },
    role: { admin: 'Admin', manager: 'Manager', worker: 'Worker', client: 'Client' },
    delivery: { received: 'Received', queued: 'Queued', sending: 'Sending', retrying: 'Retrying', sent: 'Delivered', failed: 'Not delivered', blocked: 'Blocked the bot' },
    menu: { dashboard: 'Dashboard', chat: 'Chats', settings: 'Settings', jobs: 'Background jobs', profile: 'My profile' },
    auth: {
      sign_up: 'Create an account', sign_up_title: 'Register your company', have_account: 'Already have an account? Sign in',
      no_account: 'New company? Create an account', organization: 'Company name', name: 'Your name', email: 'Email', password: 'Password (10+ characters)',
      choose_organization: 'This email and password open several companies. Choose one:', organization_choice: 'Company',
    },
    leads: {
      board: 'Board', table: 'Table', stale: 'No activity for %{days} days', empty_column: 'Drop leads here', move_failed: 'The lead could not be moved: %{error}',
      moved: 'Lead moved', total: 'Total', open_chat: 'Open chat', empty: 'No leads yet. They appear here when someone writes to your Telegram bot, or add one by hand.',
      ai_paused: 'AI paused: %{reason}', hot: 'Hot', mark_lost: 'Mark as lost',
    },
    notifications: {
      title: 'Notifications', read_all: 'Mark all read', empty: 'Nothing yet. Handoffs, client decisions, new reports, failed deliveries and the morning digest appear here.', open: 'Open',
      type: { 'lead.handoff': 'Lead handoff ·', 'change_request.approved': 'Client decision ·', 'change_request.rejected': 'Client decision ·', 'report.created': 'New report ·', 'delivery.failed': 'Not delivered ·', digest: 'Digest ·', 'worker.message': 'Worker message ·' },
    },
    chat: {
      retrying: 'Telegram is not answering, retrying (attempt %{attempts})', resend: 'Send again', media_loading: '%{what} is still loading…', media_failed: '%{what}: could not load', retry_media: 'Retry',
      title: 'Chats', search: 'Search conversations', empty: 'No conversations yet. When someone writes to your Telegram bot the conversation appears here.',
      pick: 'Choose a conversation on the left', type: 'Write a message…', send: 'Send', attach: 'Attach files', older: 'Load earlier messages',
      no_messages: 'No messages yet', failed: 'Not delivered: %{error}', take_over: 'I answer myself (AI agent off)', ai_on: 'The AI agent answers this person',
      assign_me: 'Assign to me', manager: 'Manager', project: 'Project', no_project: 'No project yet', qualification: 'Qualification',
      summary: 'AI summary', unavailable: 'The chat service is not available yet: %{error}', voice: 'Voice message', edited: 'edited', you: 'You',
      photo: 'Photo', document: 'Document', waiting: 'waiting for a reply', live: 'Live', offline: 'Reconnecting…',
    },
    projects: {
      money: 'Money: plan vs fact', planned: 'Budget', stages_planned: 'Estimate by stages', spent: 'Expenses', income: 'Income',
      contract_base: 'Contract (as signed)', contract_total: 'Contract with change orders', to_pay: 'Still to be paid by the client', change_orders: 'Approved change orders', balance: 'Left of budget', stages: 'Stages', reports: 'Daily reports', documents: 'Documents',
      change_requests: 'Change requests', no_stages: 'No stages yet. Add the first one below.', add_stage: 'Add stage',
      no_reports: 'No daily reports yet. Workers file them from Telegram.', no_documents: 'No documents yet.', upload: 'Upload a document',
      no_change_requests: 'No change requests yet.', new_change_request: 'New change request', send_to_client: 'Send to client',
      sent: 'Sent to the client %{date}', decided: '%{status} by %{who}, %{date}', client: 'Client', progress: 'Progress',
      uploaded: 'Document uploaded', saved: 'Saved',
    },
    transactions: { totals: 'Totals for the filter', expenses: 'Expenses', income: 'Income', balance: 'Balance', receipt: 'Receipt', empty: 'No transactions yet. Workers log expenses from Telegram, or add one here.' },
    users: { invite_worker: 'Invite a worker', phone_help: 'As people write it: 8 900 123-45-67 or +375 29 123-45-67', invite_help: 'Enter the worker\'s phone as you know it; a number without a country code is read in your organization\'s country (Settings). They sign in by sharing their contact with the bot.', linked: 'Linked', not_linked: 'Not linked', invited: 'Worker invited' },
    settings: { country_help: "Phone numbers typed without a country code are read as this country's",
      title: 'Organization settings', bot: 'Telegram bot', bot_connected: 'Connected as @%{username}', bot_pending: 'Token saved; the bot connects shortly', check_bot: 'Check connection', bot_check_failed: 'Telegram did not accept the bot: %{reason}',
      bot_none: 'No bot connected', bot_token_help: 'Paste the token from @BotFather. It is never shown again; leave empty to keep the current one.',
      remove_bot: 'Disconnect the bot', ai: 'AI sales agent', general: 'General', leads: 'Leads', saved: 'Settings saved', jobs: 'Open the background jobs dashboard',
    },
    dashboard: {
      stale_leads: 'Leads without activity', 
      welcome: 'Welcome, %{name}', new_leads_week: 'New leads this week', leads_per_stage: 'Leads per stage', active_projects: 'Active projects',
      money: 'Money spent vs planned', pending_change_requests: 'Pending change requests', waiting_chats: 'Chats waiting for a reply',
      no_projects: 'No active projects yet.', all_answered: 'Everyone has an answer.', none_pending: 'Nothing is waiting for the client.',
      getting_started: 'Getting started: connect your Telegram bot in Settings, then leads will come in by themselves.',
    },
    category: { materials: 'Materials', labour: 'Labour', tools: 'Tools', transport: 'Transport', other: 'Other', advance: 'Advance payment', payment: 'Payment' },
    language: 'Language',
    people: {
      make_client: 'Make client', new_project: 'New project', take: 'Take it', taken: 'The conversation is yours; the AI agent is off',
      client_created: '%{name} is now a client', client_attached: 'Attached to the existing client %{name}',
      won_prompt_title: 'Make %{name} a client?', won_prompt: 'The lead is at "%{status}". Make them a client (the same person and conversation in Telegram) and open a project?',
      later: 'Later', make_client_and_project: 'Make client and open a project',
      profile: 'My profile', profile_saved: 'Profile saved', phone_help: 'With your phone here you can also link Telegram by sharing your contact with the bot.',
      telegram_help: 'Link your Telegram to get hot leads (with a button to the conversation), the morning digest, client decisions and failed deliveries from the company bot.',
      link_telegram: 'Link Telegram', relink_telegram: 'Link another Telegram account', linked_as: 'Linked: @%{username}',
      link_help: 'Open this link on the phone with your Telegram and press Start. It works once.',
      invite_link: 'Telegram invite link', invite_help: 'Send this link to the person (or let them scan it from your screen). When they open it and press Start, their Telegram is linked. It works once.',
      open_telegram: 'Open in Telegram', copy: 'Copy link', copied: 'Link copied', link_expires: 'Valid until %{date}',
      no_bot: 'Connect the company bot in Settings first: the link needs its username.',
    },
  },
};
