import type { PlaybookTemplate } from './playbook-schema';

type Starter = Omit<PlaybookTemplate, 'version' | 'workflows'> & { workflows?: PlaybookTemplate['workflows'] };

const REPLY: PlaybookTemplate['workflows'] = ['ticket-reply', 'reply', 'email', 'crm-email'];
const NOTE: PlaybookTemplate['workflows'] = ['internal-note', 'note', 'crm-note'];
const SIGN = '\n\nBest regards,\n{{agent.name|The support team}}';
const SALES_SIGN = '\n\nBest,\n{{agent.name|The Acme team}}';

const support: Starter[] = [
  { id: 'refund-double-charge', title: 'Refund a double charge', domain: 'support', keywords: 'charged twice double charge duplicate payment refund invoice billed twice money back',
    body: 'Hi {{requester.firstName|there}},\n\nThank you for letting us know, and I am sorry about the duplicate charge. I have checked your account and confirmed that the payment was taken twice. I have issued a refund for the extra charge; it will appear on your statement within 5–10 business days, depending on your bank.\n\nYou do not need to do anything else. If it has not arrived by then, reply to this message and I will follow up with our billing team straight away.' + SIGN },
  { id: 'refund-policy', title: 'Explain the refund policy', domain: 'support', keywords: 'refund policy cancel money back return guarantee days',
    body: 'Hi {{requester.firstName|there}},\n\nThanks for reaching out about a refund. We offer a full refund within 30 days of purchase, and a pro-rated refund on annual plans after that. If you would like to go ahead, just confirm here and I will process it for you today.' + SIGN },
  { id: 'password-reset', title: 'Password reset email not arriving', domain: 'support', keywords: 'password reset email not arriving cannot log in login locked out forgot password',
    body: 'Hi {{requester.firstName|there}},\n\nSorry you are having trouble signing in. Password reset emails can take a few minutes and sometimes land in spam or promotions folders, so please check those first. I have also sent a fresh reset link to {{requester.email|the email address on your account}}; it is valid for one hour.\n\nIf it still does not arrive, let me know and I can reset access for you directly.' + SIGN },
  { id: 'account-locked', title: 'Account locked after failed attempts', domain: 'support', keywords: 'account locked too many attempts blocked suspended login 2fa two-factor',
    body: 'Hi {{requester.firstName|there}},\n\nYour account was locked automatically after several unsuccessful sign-in attempts, which protects it from unauthorised access. I have unlocked it now. Please sign in again, and if you use two-factor authentication, make sure the time on your phone is set automatically.' + SIGN },
  { id: 'shipping-delay', title: 'Shipping delay apology', domain: 'support', keywords: 'order late delayed shipping delivery where is my order tracking package not arrived',
    body: 'Hi {{requester.firstName|there}},\n\nI am sorry your order has not arrived yet. I have checked with our shipping partner: your parcel is in transit and the updated delivery estimate is within the next 3 business days. You can follow it with the tracking link in your confirmation email.\n\nIf it has not arrived by then, I will send a replacement at no cost.' + SIGN },
  { id: 'tracking-info', title: 'Send tracking information', domain: 'support', keywords: 'tracking number track order shipment status courier',
    body: 'Hi {{requester.firstName|there}},\n\nYour order has shipped. You can follow it at any time with the tracking link in your shipping confirmation email, and I am happy to check on it for you if anything looks wrong.' + SIGN },
  { id: 'data-export', title: 'How to export your data', domain: 'support', keywords: 'export data download csv backup my data gdpr copy of data',
    body: 'Hi {{requester.firstName|there}},\n\nYou can export your data at any time from Settings → Data → Export. Choose CSV or JSON, and we will email you a download link as soon as the export is ready (usually within a few minutes for most accounts).\n\nLet me know if you need a specific date range or format.' + SIGN },
  { id: 'account-deletion', title: 'Delete an account (GDPR)', domain: 'support', keywords: 'delete account close account remove my data gdpr erase privacy',
    body: 'Hi {{requester.firstName|there}},\n\nI can help you close your account. Before I do, please note that deletion is permanent and removes all of your data within 30 days. Please reply to confirm that you would like us to go ahead, and I will take care of it.' + SIGN },
  { id: 'bug-acknowledge', title: 'Acknowledge a bug report', domain: 'support', keywords: 'bug error broken not working crash issue problem glitch fails',
    body: 'Hi {{requester.firstName|there}},\n\nThank you for the detailed report — it really helps. I was able to reproduce the problem and have passed it to our engineering team with your details. I will update you here as soon as a fix is scheduled.\n\nIn the meantime, a workaround is to refresh the page and try again in a private window.' + SIGN },
  { id: 'request-details', title: 'Ask for more details', domain: 'support', keywords: 'more information details screenshot steps reproduce unclear',
    body: 'Hi {{requester.firstName|there}},\n\nThanks for getting in touch. To look into this properly, could you send me:\n- the steps that lead to the problem,\n- a screenshot of what you see,\n- the browser and device you are using?\n\nAs soon as I have these, I will get back to you.' + SIGN },
  { id: 'feature-request', title: 'Log a feature request', domain: 'support', keywords: 'feature request suggestion would be nice wish add support for roadmap',
    body: 'Hi {{requester.firstName|there}},\n\nThat is a great suggestion, thank you. I have logged it with our product team, along with how it would help you. I cannot promise a date, but requests like yours directly shape our roadmap, and I will let you know if it is picked up.' + SIGN },
  { id: 'invoice-copy', title: 'Send a copy of an invoice', domain: 'support', keywords: 'invoice copy receipt billing vat tax document pdf',
    body: 'Hi {{requester.firstName|there}},\n\nYou can download every invoice from Billing → Invoices in your account. I have also attached a copy of the invoice you asked for to this reply. If you need your company details or VAT number added, let me know and I will reissue it.' + SIGN },
  { id: 'plan-downgrade', title: 'Downgrade or cancel a plan', domain: 'support', keywords: 'cancel subscription downgrade plan stop renewal too expensive',
    body: 'Hi {{requester.firstName|there}},\n\nI am sorry to hear you would like to change your plan. You can downgrade or cancel from Billing → Plan; the change takes effect at the end of the current billing period, so you keep access until then. If price is the concern, I would be glad to look at options that fit better.' + SIGN },
  { id: 'outage-update', title: 'Service disruption update', domain: 'support', keywords: 'down outage not loading slow service unavailable incident status',
    body: 'Hi {{requester.firstName|there}},\n\nThank you for your patience. We are aware of a service disruption affecting some customers, and our engineers are working on it now. You can follow live updates on our status page. I will update this ticket as soon as the service is fully restored.' + SIGN },
  { id: 'closing-check', title: 'Check before closing', domain: 'support', keywords: 'thanks resolved solved works now closing follow up',
    body: 'Hi {{requester.firstName|there}},\n\nGlad to hear everything is working again. I will mark this ticket as solved; if anything else comes up, just reply here and it will reopen automatically.' + SIGN },
  { id: 'note-escalate-billing', title: 'Internal: escalate to billing', domain: 'support', workflows: NOTE, keywords: 'refund charge invoice billing payment escalate finance',
    body: 'Escalating to Billing: customer reports a billing problem on "{{subject}}". Verified identity via the account email. Please confirm the charge in the payment provider and issue the refund if duplicated. Customer has been told to expect an update within 1 business day.' },
  { id: 'note-escalate-engineering', title: 'Internal: escalate to engineering', domain: 'support', workflows: NOTE, keywords: 'bug error crash broken escalate engineering reproduce',
    body: 'Escalating to Engineering: "{{subject}}". Reproduced on our side. Steps and customer details are in the thread above. Impact: customer blocked on this workflow. Please advise on a workaround we can share.' },
  { id: 'note-summary', title: 'Internal: ticket summary', domain: 'support', workflows: NOTE, keywords: 'summary handover context note status next step',
    body: 'Summary for handover — {{subject}}\nCustomer: {{requester.name|unknown}}\nLatest request: {{latestMessage|see thread}}\nNext step: reply with the resolution and confirm with the customer.' },
];

const sales: Starter[] = [
  { id: 'pricing-quote', title: 'Pricing quote for seats', domain: 'sales', keywords: 'pricing quote price seats licenses cost how much proposal discount volume',
    body: 'Hi {{requester.firstName|there}},\n\nThank you for your interest in Acme. For your team, our Business plan is the best fit, and volume pricing applies from 25 seats. I have prepared a quote based on your request and will send it over today, including the annual-billing discount.\n\nWould a 30-minute call next week suit you to go through it together?' + SALES_SIGN },
  { id: 'demo-booking', title: 'Book a product demo', domain: 'sales', keywords: 'demo walkthrough call meeting presentation see the product trial next week',
    body: 'Hi {{requester.firstName|there}},\n\nI would be happy to show you Acme in action. A demo takes about 30 minutes and I will tailor it to how {{requester.company|your team}} works. Here are a few times that work on my side next week: Tuesday 10:00, Wednesday 14:00 or Thursday 11:00. Which suits you best?' + SALES_SIGN },
  { id: 'renewal-terms', title: 'Renewal terms', domain: 'sales', keywords: 'renewal renew contract terms expiring annual price increase',
    body: 'Hi {{requester.firstName|there}},\n\nThank you for being a customer. Your contract renews at the end of the current term on the same plan. If you renew for two years, we can hold your current price for the whole period. Shall I prepare the renewal paperwork, or would you like to review the options on a short call first?' + SALES_SIGN },
  { id: 'follow-up-no-reply', title: 'Follow up after no reply', domain: 'sales', keywords: 'follow up checking in no response reminder proposal',
    body: 'Hi {{requester.firstName|there}},\n\nI wanted to follow up on my last message in case it got buried. Is improving your team\'s workflow still a priority this quarter? If the timing is not right, just let me know and I will check back later.' + SALES_SIGN },
  { id: 'trial-extension', title: 'Extend a trial', domain: 'sales', keywords: 'trial extend extension more time evaluate evaluation',
    body: 'Hi {{requester.firstName|there}},\n\nOf course — I have extended your trial by 14 days so your team can finish the evaluation. If it helps, I can set up a short session with one of our specialists to answer any open questions.' + SALES_SIGN },
  { id: 'security-questionnaire', title: 'Security questionnaire', domain: 'sales', keywords: 'security questionnaire soc2 iso compliance gdpr dpa data processing procurement',
    body: 'Hi {{requester.firstName|there}},\n\nThanks for sending the security questionnaire. Acme holds SOC 2 Type II and ISO 27001 certifications, and our standard DPA covers GDPR. I will return the completed questionnaire together with our security overview within three business days.' + SALES_SIGN },
  { id: 'intro-after-signup', title: 'Introduction after sign-up', domain: 'sales', keywords: 'signed up new account welcome introduction getting started onboarding',
    body: 'Hi {{requester.firstName|there}},\n\nWelcome to Acme! I am {{agent.name|your account manager}} and I will be your point of contact. To help you get value quickly, what is the main thing you are hoping to improve with Acme?' + SALES_SIGN },
  { id: 'competitor-comparison', title: 'Comparison with a competitor', domain: 'sales', keywords: 'competitor comparison versus alternative why choose switch from migrate',
    body: 'Hi {{requester.firstName|there}},\n\nGreat question. Teams that switch to Acme usually mention three things: setup in days rather than weeks, pricing without hidden add-ons, and support from people who know their account. I am happy to share a side-by-side comparison and a migration plan for {{requester.company|your team}}.' + SALES_SIGN },
  { id: 'crm-note-call', title: 'CRM note: discovery call', domain: 'sales', workflows: NOTE, keywords: 'call notes discovery meeting summary next steps',
    body: 'Discovery call with {{requester.name|contact}} ({{requester.company|company}}).\nNeeds: see latest message — {{latestMessage|not recorded}}\nNext step: send proposal and schedule follow-up.' },
  { id: 'crm-note-pricing', title: 'CRM note: pricing requested', domain: 'sales', workflows: NOTE, keywords: 'pricing quote seats budget proposal',
    body: 'Pricing requested by {{requester.name|contact}}. Action: prepare quote, confirm seat count and billing cycle, loop in deal desk for volume discount.' },
];

export const STARTER_PLAYBOOK: PlaybookTemplate[] = [...support, ...sales].map((t) => ({
  workflows: REPLY,
  ...t,
  version: 1,
}));
