"""Generate the binary ladder fixtures (.docx, .pdf, .xlsx) next to this file.

The content lives below as plain Python data so that tests can read the
expected text from here instead of parsing the binary files. Run with a Python
that has python-docx, openpyxl and fpdf2 installed:

    python tests/data/ladders/make_fixtures.py

The PDF needs a Unicode TrueType font (for the bullets and the em dash in the
footer); Liberation Sans or DejaVu Sans is looked up in the usual places.
"""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent

# ---------------------------------------------------------------------------
# customer-support.docx: a Word document from HR
# ---------------------------------------------------------------------------

SUPPORT_TITLE = "Customer Support Career Ladder"
SUPPORT_INTRO = [
    "This document describes the career levels in the Brightdesk Customer Support team, "
    "from a first role answering tickets to leading the support organisation. It is maintained "
    "by Support Operations together with the People team and is used for hiring, the twice-yearly "
    "review cycle and promotion decisions. If you think something is missing or out of date, "
    "talk to your Team Lead.",
    "The table below shows the typical experience for each level and who each level reports to. "
    "Experience is a guide only; promotion is based on the scope and quality of your work.",
]
SUPPORT_TABLE = [
    ("Level", "Typical experience", "Reports to"),
    ("Support Associate", "0-1 years", "Support Team Lead"),
    ("Support Specialist", "1-3 years", "Support Team Lead"),
    ("Senior Support Specialist", "3-5 years", "Support Team Lead"),
    ("Support Team Lead", "5+ years", "Head of Customer Support"),
    ("Head of Customer Support", "8+ years", "VP of Operations"),
]
SUPPORT_LEVELS = [
    {
        "title": "Support Associate",
        "body": [
            "Support Associates are the first point of contact for Brightdesk customers. They answer "
            "tier-1 questions over email and chat, such as password resets, plan changes and how-to "
            "questions, and they escalate anything they cannot resolve to a Support Specialist.",
            "Associates work set shifts and are paired with a more experienced colleague while they "
            "learn the product and our tone of voice.",
        ],
        "Responsibilities": [
            "Respond to tier-1 email and chat tickets using saved macros and the knowledge base",
            "Meet the first-response target of four business hours for standard tickets",
            "Escalate bugs, billing disputes and account security issues following the escalation guide",
            "Tag every ticket accurately so that volume reporting is reliable",
        ],
        "Skills": [
            "Clear, friendly written communication in the Brightdesk tone of voice",
            "Completes product certification within the first 30 days",
            "Working knowledge of Zendesk views, macros and ticket fields",
        ],
    },
    {
        "title": "Support Specialist",
        "body": [
            "Support Specialists handle tier-2 issues: problems that need investigation rather than "
            "a known answer, such as failing integrations, data import errors and billing "
            "discrepancies. They work independently, take phone calls as well as tickets, and are "
            "the first point of escalation for the Associates on their shift.",
        ],
        "Responsibilities": [
            "Investigate tier-2 tickets using the admin tools, application logs and the API console",
            "Reproduce customer-reported bugs and file them for engineering with clear reproduction steps",
            "Take scheduled phone and screen-share sessions with customers",
            "Write and update help-center articles for the issues they solve most often",
        ],
        "Skills": [
            "Troubleshooting across integrations, APIs and browser issues",
            "Explaining technical problems in plain language",
            "Basic SQL and reading JSON payloads",
        ],
    },
    {
        "title": "Senior Support Specialist",
        "body": [
            "Senior Support Specialists are subject-matter experts for a product area and handle the "
            "most complex and sensitive cases. They improve how the whole team works by training "
            "colleagues and feeding customer insight back to the product teams.",
            "They are individual contributors; they guide others through example, review and "
            "training rather than line management.",
        ],
        "Responsibilities": [
            "Own escalations from enterprise customers and keep their account managers informed",
            "Mentor new Support Associates during their first 90 days",
            "Review a weekly sample of team tickets for quality and give written feedback",
            "Run training sessions on new features before they launch",
            "Act as the support liaison to one product team, bringing the top customer pain points to sprint reviews",
        ],
        "Skills": [
            "Deep expertise in at least one product area",
            "Calming frustrated customers and de-escalating tense conversations",
            "Coaching and giving constructive feedback",
        ],
    },
    {
        "title": "Support Team Lead",
        "body": [
            "A Support Team Lead manages a team of six to ten Associates and Specialists. They are "
            "responsible for the team's performance against service levels, for its schedule and for "
            "the growth of the people on it.",
            "Team Leads still take tickets during busy periods, but most of their time goes to people and operations.",
        ],
        "Responsibilities": [
            "Hold fortnightly one-on-ones and write performance reviews for each team member",
            "Build the weekly shift rota and cover absences so that every queue is staffed",
            "Handle complaints that customers escalate to a manager",
            "Report the team's CSAT, first-response time and backlog every week",
            "Interview and hire new Associates and Specialists",
        ],
        "Skills": [
            "People management and handling difficult conversations",
            "Workforce planning and scheduling",
            "Reading support metrics and acting on trends",
        ],
    },
    {
        "title": "Head of Customer Support",
        "body": [
            "The Head of Customer Support leads the whole support organisation across all regions and "
            "reports to the VP of Operations. They set the support strategy, manage the Team Leads "
            "and own the department's budget.",
            "They decide how customers get help, from self-service to premium support plans, and they "
            "represent the customer's voice on the leadership team.",
        ],
        "Responsibilities": [
            "Set the support strategy, the service levels and the support plans offered to customers",
            "Forecast ticket volume and support headcount for the year with Finance",
            "Select and own the support tooling, including the helpdesk, telephony and chatbot",
            "Manage outsourcing partners for overnight and weekend coverage",
            "Present support KPIs and customer trends to the leadership team every month",
        ],
        "Skills": [
            "Leading leaders and building an organisation across time zones",
            "Budgeting and vendor management",
            "Strategic planning and executive communication",
        ],
    },
]

# ---------------------------------------------------------------------------
# data-analyst.pdf: a typeset framework document
# ---------------------------------------------------------------------------

ANALYST_TITLE = "Acme Analytics Career Framework"
ANALYST_SUBTITLE = "Data Analyst Track - effective January 2024"
ANALYST_FOOTER = "Acme Analytics Career Framework \u2014 Page {page} of {pages}"
ANALYST_INTRO = [
    "This framework sets out what we expect from data analysts at Acme at each stage of their "
    "career, from a first analytics role to managing the analytics team. Each level describes the "
    "kind of questions an analyst takes on, how independently they work and the impact we look "
    "for. The bullet points are examples of the work, not a checklist, and the typical experience "
    "is a guide for hiring rather than a rule for promotion.",
]
ANALYST_LEVELS = [
    {
        "title": "Data Analyst I",
        "body": [
            "A Data Analyst I answers well-defined business questions using data that already exists "
            "in the warehouse. They work from requests and specifications written by senior analysts "
            "or stakeholders, and their work is reviewed before it is shared outside the team.",
            "The focus at this level is accuracy and learning: understanding our core tables, our "
            "metric definitions and how the business uses the numbers.",
        ],
        "bullets": [
            "Builds recurring reports and dashboards in Looker from a written specification",
            "Writes SQL queries against the warehouse for ad-hoc requests, with peer review",
            "Checks row counts and totals against source systems before publishing any number",
            "Documents the queries and assumptions behind each report in the team wiki",
            "Typical experience: 0-2 years, often a first analytics role",
        ],
    },
    {
        "title": "Data Analyst II",
        "body": [
            "A Data Analyst II is the embedded analyst for one business function, such as Marketing "
            "or Customer Success, and works with its managers without day-to-day supervision. They "
            "turn loosely described questions into analyses, choose the right method and deliver "
            "findings with a recommendation.",
            "They are proactive: they notice when a metric moves unexpectedly and investigate before anyone asks.",
        ],
        "bullets": [
            "Owns the dashboards and metrics for their business function end to end",
            "Writes A/B test readouts using the team's standard template and significance checks",
            "Translates stakeholder questions into analysis plans with agreed deadlines",
            "Reviews SQL written by Data Analyst I colleagues",
            "Typical experience: 2-4 years",
        ],
    },
    {
        "title": "Senior Data Analyst",
        "body": [
            "A Senior Data Analyst leads analysis on the most ambiguous and important questions for a "
            "business area, such as why new-customer retention fell or where to invest the next "
            "marketing budget. They decide how to approach a problem, combine several data sources, "
            "and are trusted to present directly to directors.",
            "Senior analysts improve the foundations that others rely on, and they spend part of their time mentoring.",
        ],
        "bullets": [
            "Designs experiments and quasi-experimental analyses with product and marketing leads",
            "Builds and maintains dbt models that turn raw data into trusted tables",
            "Sets metric definitions used across departments and documents them in the metrics catalogue",
            "Mentors Data Analyst I and II colleagues through regular pairing and review",
            "Typical experience: 4-7 years",
        ],
    },
    {
        "title": "Lead Data Analyst",
        "body": [
            "A Lead Data Analyst is the technical lead for analytics across several business areas. "
            "They coordinate a pod of three to five analysts day to day, without formal line "
            "management, deciding who works on what and making sure the pod's output is consistent "
            "and correct.",
            "They are the most senior individual contributor on the team and the main analytics "
            "adviser to department heads.",
        ],
        "bullets": [
            "Sets the team's SQL style guide, review process and dashboard design standards",
            "Runs the analytics intake process and agrees priorities with department heads each quarter",
            "Leads the design of the semantic layer so that every team gets the same answer to the same question",
            "Represents analytics in data platform decisions with data engineering",
            "Typical experience: 7+ years",
        ],
    },
    {
        "title": "Analytics Manager",
        "body": [
            "An Analytics Manager leads the analytics team as its line manager, typically six to ten "
            "analysts including a Lead Data Analyst. They are responsible for the team's people, "
            "priorities and budget, and spend most of their time on management rather than hands-on "
            "analysis.",
            "Analytics Managers report to the Director of Data and represent analytics in company planning.",
        ],
        "bullets": [
            "Hires analysts and runs their onboarding, one-on-ones and performance reviews",
            "Sets the team's annual goals and headcount plan with the Director of Data",
            "Manages the budget for BI tool licences and external data purchases",
            "Presents the analytics team's impact to the leadership team each quarter",
            "Typical experience: 8+ years, including at least 2 years leading people",
        ],
    },
]

# ---------------------------------------------------------------------------
# platform-competencies.xlsx: competency matrix, levels as columns
# ---------------------------------------------------------------------------

PLATFORM_LEVELS = ["Junior", "Intermediate", "Senior", "Staff", "Principal"]
PLATFORM_SHEET = "Platform Engineering"
# (category, competency, description, {level: cell text}); paragraphs in a cell are separated by "\n".
PLATFORM_MATRIX = [
    (
        "Technical Excellence",
        "Infrastructure as Code",
        "Managing infrastructure through version-controlled, reviewed code (Terraform, Helm, Kubernetes manifests).",
        {
            "Junior": "Makes small changes to existing Terraform modules and Helm charts, such as adding a variable or bumping a version, with a senior reviewing the plan.\n"
            "Learns how our environments are laid out and how changes flow from staging to production.",
            "Intermediate": "Writes new Terraform modules for common resources such as databases, queues and buckets, following our module conventions.\n"
            "Reads plan output confidently and spots destructive changes before applying them.",
            "Senior": "Designs the module structure and state layout for a whole environment or cloud account.\n"
            "Removes drift and click-ops by bringing manually created resources under code.\n"
            "Reviews infrastructure changes coming from product teams.",
            "Staff": "Sets the infrastructure-as-code standards that every team follows, including module versioning and policy-as-code checks.\n"
            "Leads tooling migrations across all repositories, such as consolidating three Terraform codebases into one.",
            "Principal": "Decides the long-term provisioning model for the company, for example whether teams get infrastructure through a self-service platform API instead of writing Terraform.\n"
            "Defines where infrastructure ownership sits between platform and product teams.",
        },
    ),
    (
        "Technical Excellence",
        "Reliability & Observability",
        "Keeping services available and understanding their behaviour through metrics, logs and traces.",
        {
            "Junior": "Adds metrics and structured logs to the services they work on and builds simple Grafana dashboards.\n"
            "Responds to alerts during working hours alongside an experienced engineer.",
            "Intermediate": "Writes alerts that are actionable and tied to user impact, and deletes the ones that are not.\n"
            "Diagnoses latency and saturation problems using traces and metrics.",
            "Senior": "Defines SLOs and error budgets for core platform services such as the Kubernetes clusters and the CI system.\n"
            "Designs for failure with multi-AZ deployments, graceful degradation and tested backups.",
            "Staff": "Owns the reliability strategy across the platform and decides where to invest based on incident data and error budget burn.\n"
            "Runs game days and chaos experiments that test our disaster recovery assumptions.",
            "Principal": "Sets company-wide availability targets with the CTO and the business, and the architecture needed to meet them, such as active-active multi-region.\n"
            "Is accountable for the company's disaster recovery posture.",
        },
    ),
    (
        "Technical Excellence",
        "Systems Architecture",
        "Designing the platform's components and how they fit together.",
        {
            "Junior": "Understands the main platform components (clusters, service mesh, CI/CD, secrets) and how a request flows through them.\n"
            "Asks for a design review before changing anything shared.",
            "Intermediate": "Designs single components, such as a new internal service or a pipeline stage, and writes a short design doc for review.\n"
            "Considers security and cost in their designs without being reminded.",
            "Senior": "Designs systems that span several components, such as a new deployment pipeline or a secrets rotation service, and leads their delivery.\n"
            "Evaluates build-versus-buy options for tools the platform team needs.",
            "Staff": "Owns the target architecture for the platform and the roadmap to reach it over the next one to two years.\n"
            "Chairs the infrastructure design review and keeps the architecture decision records.",
            "Principal": "Defines the multi-year technical direction for infrastructure, such as the move from virtual machines to containers or from one cloud provider to two.\n"
            "Represents infrastructure in company-level technology decisions with the CTO.",
        },
    ),
    (
        "Delivery",
        "Incident Management",
        "Responding to, resolving and learning from production incidents.",
        {
            "Junior": "Shadows on-call shifts and joins incident calls to learn how they are run.\n"
            "Updates the runbook whenever a step they followed was missing or wrong.",
            "Intermediate": "Takes primary on-call shifts and resolves incidents in the platform's own systems without escalating.\n"
            "Writes clear timelines for post-incident reviews.",
            "Senior": "Acts as incident commander for major incidents that affect several teams.\n"
            "Leads blameless post-incident reviews and makes sure the follow-up actions get done.",
            "Staff": "Designs the incident process itself, including severity levels, escalation paths and the incident commander rota.\n"
            "Spots patterns across incidents and turns them into funded projects.",
            "Principal": "Leads the technical response to company-wide crises, such as a full region outage or a major security breach.\n"
            "Reports on the company's operational risk to the executive team.",
        },
    ),
    (
        "Delivery",
        "Change & Release Management",
        "Shipping changes to infrastructure safely and predictably.",
        {
            "Junior": "Follows the change process, raises every change as a pull request and announces risky changes in the platform channel.\n"
            "Uses canary deploys with guidance.",
            "Intermediate": "Plans and runs their own production changes, with a rollback plan and a maintenance window where needed.\n"
            "Breaks large changes into small, reversible steps.",
            "Senior": "Leads high-risk changes such as Kubernetes cluster upgrades or database failovers, coordinating with the affected teams.\n"
            "Improves the deployment pipeline so that changes are safer for everyone.",
            "Staff": "Defines the change-management policy for infrastructure across the company, balancing speed with safety.\n"
            "Measures change failure rate and lead time for changes, and drives improvements in both.",
            "Principal": "Sets the company's approach to continuous delivery and the change controls that auditors rely on for SOC 2.\n"
            "Decides when the company accepts more risk in order to ship faster.",
        },
    ),
    (
        "Delivery",
        "Cost Efficiency",
        "Understanding and managing what the infrastructure costs.",
        {
            "Junior": "Knows the cost of the resources they create and tags them correctly.\n"
            "Cleans up test resources when they are finished with them.",
            "Intermediate": "Right-sizes instances and storage for the services they own and sets up budget alerts.\n"
            "Explains the cost impact of a design in its design doc.",
            "Senior": "Leads cost-reduction projects such as moving batch workloads to spot instances or buying savings plans.\n"
            "Builds per-team cost dashboards so that product teams can see what they spend.",
            "Staff": "Owns the cloud cost strategy with Finance, including the annual forecast and reserved capacity purchases.\n"
            "Sets the cost-allocation rules used across all teams.",
            "Principal": "Negotiates enterprise agreements with cloud vendors together with Procurement and Finance.\n"
            "Makes the long-term decision between public cloud and owned hardware.",
        },
    ),
    (
        "Impact & Influence",
        "Developer Experience",
        "Serving product engineers, the platform's internal customers.",
        {
            "Junior": "Answers questions from product engineers in the platform support channel and escalates what they cannot answer.\n"
            "Fixes documentation gaps they come across.",
            "Intermediate": "Builds self-service tooling that removes a repeated support request, such as a command that creates a new service.\n"
            "Writes getting-started guides for platform features.",
            "Senior": "Owns a platform product, such as the CI system or the internal developer portal, including its roadmap and user feedback.\n"
            "Interviews product engineers to understand where they lose time.",
            "Staff": "Defines the golden path for building and running services at the company and gets product teams to adopt it.\n"
            "Measures developer productivity and uses it to set platform priorities.",
            "Principal": "Sets the vision for the internal developer platform as a product and secures long-term investment in it from engineering leadership.\n"
            "Decides which capabilities the company standardises on and which it leaves to product teams.",
        },
    ),
    (
        "Impact & Influence",
        "Technical Communication",
        "Writing and speaking about technical work so that others can act on it.",
        {
            "Junior": "Writes clear pull request descriptions and status updates.\n"
            "Asks clarifying questions before starting a task.",
            "Intermediate": "Writes design docs and runbooks that others can follow without help.\n"
            "Demos their work at the platform team's show-and-tell.",
            "Senior": "Explains infrastructure trade-offs to product teams and engineering managers in terms of risk and cost.\n"
            "Writes the platform team's quarterly update.",
            "Staff": "Writes strategy documents that align several teams and their directors on a direction.\n"
            "Presents platform work at the engineering all-hands.",
            "Principal": "Communicates infrastructure strategy and risk to the executive team and the board.\n"
            "Speaks at external conferences and publishes on the engineering blog.",
        },
    ),
    (
        "People",
        "Mentoring",
        "Helping other engineers grow.",
        {
            "Junior": "Receives mentoring and acts on feedback quickly.\n"
            "Helps the next new joiner set up their environment.",
            "Intermediate": "Mentors junior engineers and interns through pairing and code review.\n"
            "Runs one session of the platform team's onboarding.",
            "Senior": "Mentors several engineers and helps them grow into senior roles.\n"
            "Leads the platform team's onboarding programme.",
            "Staff": "Mentors senior engineers and sponsors their promotion cases to Staff.\n"
            "Builds communities of practice such as the SRE guild.",
            "Principal": "Mentors Staff engineers and engineering leaders.\n"
            "Shapes the technical career ladder itself and the promotion process for Staff and above.",
        },
    ),
    (
        "People",
        "Hiring",
        "Helping the team grow by attracting and selecting engineers.",
        {
            "Junior": "Refers candidates from their network.\n"
            "After interviewer training, joins values interviews as a second interviewer.",
            "Intermediate": "Runs the technical screening interview for platform candidates.\n"
            "Gives structured written feedback within a day of each interview.",
            "Senior": "Runs the system design interview and writes clear, evidence-based feedback.\n"
            "Represents the platform team at hiring events.",
            "Staff": "Designs the platform team's interview loop and calibrates interviewers.\n"
            "Acts as bar raiser on hiring decisions for senior candidates.",
            "Principal": "Closes senior and staff candidates by selling the company's technical vision.\n"
            "Advises leadership on which platform roles to open.",
        },
    ),
]

# ---------------------------------------------------------------------------
# security-transposed.xlsx: levels as rows, competencies as columns
# ---------------------------------------------------------------------------

SECURITY_SHEET = "Security Ladder"
SECURITY_COMPETENCIES = [
    "Threat Modelling",
    "Incident Response",
    "Secure Development",
    "Communication",
    "Leadership",
    "Scope",
]
SECURITY_MATRIX = [
    (
        "Security Analyst I",
        {
            "Threat Modelling": "Takes part in threat modelling sessions run by a senior engineer and records the identified threats using STRIDE.",
            "Incident Response": "Triages SIEM and EDR alerts during business hours by following playbooks, and escalates anything that looks like a real compromise.",
            "Secure Development": "Runs SAST and dependency scans on request and files the findings as tickets with the owning team.",
            "Communication": "Writes clear triage notes and escalation summaries.",
            "Leadership": "Focuses on learning; takes part in team training and capture-the-flag exercises.",
            "Scope": "Individual tasks within the security operations team, with daily guidance from a senior colleague.",
        },
    ),
    (
        "Security Analyst II",
        {
            "Threat Modelling": "Runs threat modelling for single features with a product team and proposes mitigations.",
            "Incident Response": "Investigates confirmed incidents such as phishing compromises or malware on a laptop, collects evidence and contains the affected accounts and hosts.\n"
            "Takes shifts on the security on-call rotation.",
            "Secure Development": "Reviews pull requests for common vulnerabilities such as injection, broken access control and secrets in code.\n"
            "Tunes scanner rules to cut false positives.",
            "Communication": "Explains vulnerabilities to developers with a worked example and a recommended fix.",
            "Leadership": "Helps onboard new analysts and improves the team's playbooks.",
            "Scope": "Owns one security area, such as phishing response or vulnerability management, for a business unit.",
        },
    ),
    (
        "Senior Security Engineer",
        {
            "Threat Modelling": "Leads threat modelling for new systems and major architecture changes, and teaches product teams to run their own sessions.",
            "Incident Response": "Acts as incident lead for high-severity incidents, coordinating engineering, legal and communications until the incident is closed.\n"
            "Writes the post-incident report and tracks the remediation work.",
            "Secure Development": "Builds secure-by-default libraries and CI guardrails, such as shared authentication middleware or a secrets-detection pre-commit hook.\n"
            "Runs the security champions programme for engineering teams.",
            "Communication": "Writes security design reviews that engineering leads can act on, and presents risks to engineering managers.",
            "Leadership": "Mentors analysts on the security team and leads projects of two to four people.",
            "Scope": "One security domain, such as application security or detection and response, across the whole engineering organisation.",
        },
    ),
    (
        "Staff Security Engineer",
        {
            "Threat Modelling": "Owns the company's threat modelling methodology and maintains the threat models for critical systems such as payments and identity.",
            "Incident Response": "Designs the incident response programme, including the severity matrix, on-call structure, playbooks and tabletop exercises with leadership.\n"
            "Leads the technical response to the rare incidents that require regulator notification.",
            "Secure Development": "Defines the secure development lifecycle across engineering, including which controls block a release.\n"
            "Drives the removal of whole classes of vulnerability across many services.",
            "Communication": "Writes the security strategy for their domains and aligns engineering directors behind it.",
            "Leadership": "Provides technical leadership across several security teams and sponsors the promotion of senior engineers.",
            "Scope": "Several security domains, with company-wide impact over a one to two year horizon.",
        },
    ),
    (
        "Principal Security Engineer",
        {
            "Threat Modelling": "Assesses threats at the level of the business, such as nation-state actors or supply-chain attacks, and decides which ones the company designs against.",
            "Incident Response": "Advises the CISO and the executive team during crisis-level incidents and represents the company's technical position to regulators and customers.",
            "Secure Development": "Defines the long-term security architecture, such as zero-trust access and the company's cryptographic standards.",
            "Communication": "Presents security risk to the board and represents the company in industry and standards bodies.",
            "Leadership": "Shapes the structure and technical direction of the security organisation with the CISO, and mentors Staff engineers.",
            "Scope": "The whole company and its external ecosystem over a multi-year horizon.",
        },
    ),
]

# ---------------------------------------------------------------------------
# pm-competency-matrix.xlsx: a second PM ladder, comparable to corpus/pm-career-path.txt levels 1-4
# ---------------------------------------------------------------------------

PM_LEVELS = ["Associate Product Manager", "Product Manager", "Senior Product Manager", "Group Product Manager"]
PM_SHEET = "PM Competencies"
PM_MATRIX = [
    (
        "Product Execution",
        "Specifications & Requirements",
        {
            "Associate Product Manager": "Writes user stories and PRDs for a small, well-defined feature, with a senior PM reviewing them before they go to engineering.\n"
            "Clarifies acceptance criteria with engineers during refinement.",
            "Product Manager": "Writes specs for a whole feature set independently and decides what is in and out of scope.\n"
            "Keeps requirements current as the team learns during delivery.",
            "Senior Product Manager": "Frames ambiguous problems, such as improving user retention, into problem statements that several teams can break down into specs.\n"
            "Reviews the specs written by junior PMs.",
            "Group Product Manager": "Sets the standard for how PMs in the group write requirements and reviews them only where risk is high.\n"
            "Spends little time writing specs personally.",
        },
    ),
    (
        "Product Execution",
        "Prioritisation",
        {
            "Associate Product Manager": "Helps groom and order the team's backlog under the guidance of their PM.",
            "Product Manager": "Decides what the team builds next, using frameworks such as RICE or ICE to balance user needs, technical limits and business goals.\n"
            "Says no to requests that do not fit the goals, and explains why.",
            "Senior Product Manager": "Prioritises across several teams and makes trade-offs between competing bets for the product area.",
            "Group Product Manager": "Allocates engineering and design capacity across the initiatives in the product line, and moves people when priorities change.",
        },
    ),
    (
        "Product Execution",
        "Shipping & Delivery",
        {
            "Associate Product Manager": "Tracks the progress of their feature through build, QA and launch, and writes the release notes.",
            "Product Manager": "Owns the launch of features in their area from build to release, including test plans, go-to-market with Marketing and post-launch fixes.",
            "Senior Product Manager": "Delivers cross-team initiatives that take several quarters and depend on other product areas.\n"
            "Anticipates delivery risks and removes them early.",
            "Group Product Manager": "Holds the group accountable for delivery against its multi-quarter roadmap and reports progress to senior leadership.",
        },
    ),
    (
        "Customer Insight",
        "User Research",
        {
            "Associate Product Manager": "Takes part in user interviews and usability tests, takes notes and summarises customer feedback for the team.",
            "Product Manager": "Plans and runs regular customer interviews for their area and turns the findings into product decisions.",
            "Senior Product Manager": "Builds a deep understanding of a market segment and identifies unmet needs that shape the area's strategy.\n"
            "Partners with the research team on larger studies.",
            "Group Product Manager": "Makes sure every team in the group has a steady rhythm of customer contact, and shares insights across the product line.",
        },
    ),
    (
        "Customer Insight",
        "Data & Metrics",
        {
            "Associate Product Manager": "Pulls data and builds simple dashboards to answer the questions their PM asks.\n"
            "Learns SQL and the team's analytics tools.",
            "Product Manager": "Defines the key performance metrics for their product area and monitors them after every launch.\n"
            "Runs A/B tests with support from data science.",
            "Senior Product Manager": "Chooses the north-star and input metrics for a complex product area and explains their movements to leadership.",
            "Group Product Manager": "Sets metric targets for the product line and reviews performance with each PM every month.",
        },
    ),
    (
        "Product Strategy",
        "Roadmapping",
        {
            "Associate Product Manager": "Contributes items and estimates to the team roadmap owned by their PM.",
            "Product Manager": "Owns the feature-level roadmap for their product area for the next one or two quarters.",
            "Senior Product Manager": "Owns the roadmap for a complex product area that spans several teams, over a year-long horizon.",
            "Group Product Manager": "Builds multi-quarter roadmaps for the whole product line and negotiates dependencies with other groups.",
        },
    ),
    (
        "Product Strategy",
        "Vision & Strategy",
        {
            "Associate Product Manager": "Understands the product strategy and can explain how their feature supports it.",
            "Product Manager": "Connects their area's roadmap to company goals and proposes new opportunities backed by evidence.",
            "Senior Product Manager": "Contributes significantly to the overall product strategy by writing strategy documents for their area that leadership adopts.",
            "Group Product Manager": "Sets the strategy and vision for a major product line and takes it to senior leadership for approval.",
        },
    ),
    (
        "Influencing People",
        "Stakeholder Management",
        {
            "Associate Product Manager": "Works closely with the engineers and the designer on their own team.",
            "Product Manager": "Works with engineering, design, marketing and sales to bring features to market, and keeps stakeholders informed.",
            "Senior Product Manager": "Influences teams and leaders who do not report to them, aligning several product and engineering teams on shared goals.",
            "Group Product Manager": "Manages relationships with the engineering, design, sales and marketing leads for the product line.",
        },
    ),
    (
        "Influencing People",
        "Communication",
        {
            "Associate Product Manager": "Gives clear updates in stand-ups and team demos.",
            "Product Manager": "Presents the area's roadmap and results at the monthly product review.",
            "Senior Product Manager": "Writes narratives that make complex trade-offs understandable to senior leaders.",
            "Group Product Manager": "Presents the group's strategy and results to senior leadership and handles questions from executives.",
        },
    ),
    (
        "People Leadership",
        "Mentoring & Coaching",
        {
            "Associate Product Manager": "Receives coaching from a senior PM and acts on the feedback.",
            "Product Manager": "Helps onboard new APMs and shares good practices with peers.",
            "Senior Product Manager": "Mentors junior PMs and APMs in their day-to-day work without being their manager.",
            "Group Product Manager": "Manages a team of three to six Product Managers as their line manager, running one-on-ones and writing their performance reviews.",
        },
    ),
    (
        "People Leadership",
        "Hiring & Team Building",
        {
            "Associate Product Manager": "Helps at recruiting events for the APM programme.",
            "Product Manager": "Interviews APM and PM candidates.",
            "Senior Product Manager": "Interviews senior candidates and helps design the product case exercise.",
            "Group Product Manager": "Recruits and hires the PMs in their group and decides how the team is structured.",
        },
    ),
]


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------


def write_docx(path: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.title = SUPPORT_TITLE
    doc.core_properties.author = "Brightdesk People Team"
    section = doc.sections[0]
    section.header.paragraphs[0].text = "Brightdesk - Internal"
    section.footer.paragraphs[0].text = "Customer Support Career Ladder v2.1 - owned by Support Operations"

    doc.add_heading(SUPPORT_TITLE, level=0)
    doc.add_paragraph(SUPPORT_INTRO[0])
    doc.add_paragraph(SUPPORT_INTRO[1])
    table = doc.add_table(rows=len(SUPPORT_TABLE), cols=3)
    table.style = "Table Grid"
    for r, row in enumerate(SUPPORT_TABLE):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = text
            if r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    doc.add_paragraph("")

    for level in SUPPORT_LEVELS:
        doc.add_heading(level["title"], level=1)
        for para in level["body"]:
            p = doc.add_paragraph(para)
            p.paragraph_format.space_after = Pt(6)
        for sub in ("Responsibilities", "Skills"):
            doc.add_heading(sub, level=2)
            for item in level[sub]:
                doc.add_paragraph(item, style="List Bullet")
    doc.save(path)


def _find_font() -> tuple[str, str]:
    candidates = [
        (
            "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
            "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
        ),
        ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
        ("/Library/Fonts/Arial.ttf", "/Library/Fonts/Arial Bold.ttf"),
        ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
    ]
    for regular, bold in candidates:
        if os.path.exists(regular) and os.path.exists(bold):
            return regular, bold
    raise SystemExit("no Unicode TrueType font found (install fonts-liberation or fonts-dejavu)")


def write_pdf(path: Path) -> None:
    from fpdf import FPDF

    regular, bold = _find_font()

    class FrameworkPDF(FPDF):
        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Body", "", 8.5)
            self.set_text_color(110, 110, 110)
            self.cell(0, 10, ANALYST_FOOTER.format(page=self.page_no(), pages="{nb}"), align="C")
            self.set_text_color(0, 0, 0)

    pdf = FrameworkPDF(format="A4")
    pdf.set_title(ANALYST_TITLE)
    pdf.set_author("Acme Analytics")
    pdf.add_font("Body", "", regular)
    pdf.add_font("Body", "B", bold)
    pdf.alias_nb_pages("{nb}")
    pdf.set_auto_page_break(auto=True, margin=22)
    pdf.set_margins(22, 20, 22)
    pdf.add_page()

    pdf.set_font("Body", "B", 22)
    pdf.multi_cell(0, 10, ANALYST_TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Body", "", 11)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(0, 6, ANALYST_SUBTITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(5)
    pdf.set_font("Body", "", 10.5)
    for para in ANALYST_INTRO:
        pdf.multi_cell(0, 5.4, para, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2.5)

    for level in ANALYST_LEVELS:
        if pdf.get_y() > 230:
            pdf.add_page()
        pdf.ln(4)
        pdf.set_font("Body", "B", 15)
        pdf.multi_cell(0, 8, level["title"], new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
        pdf.set_font("Body", "", 10.5)
        for para in level["body"]:
            pdf.multi_cell(0, 5.4, para, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2.5)
        for item in level["bullets"]:
            pdf.set_x(pdf.l_margin + 4)
            pdf.multi_cell(0, 5.4, "\u2022  " + item, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
    pdf.output(str(path))


def _xlsx_header_style(cell) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    cell.font = Font(bold=True, color="FFFFFF")
    cell.fill = PatternFill("solid", fgColor="305496")
    cell.alignment = Alignment(vertical="center", wrap_text=True)


def _write_level_columns_matrix(
    path: Path,
    sheet_title: str,
    header: list[str],
    rows: list[list[str]],
    category_col: int,
    widths: dict[str, float],
    notes: list[str] | None = None,
) -> None:
    """Write a matrix with levels as columns; merge equal runs of the category column."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    ws.append(header)
    for cell in ws[1]:
        if cell.value:
            _xlsx_header_style(cell)
    for row in rows:
        ws.append(row)
    top = Alignment(vertical="top", wrap_text=True)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = top
    # Merge the category cells vertically over their run of rows.
    start = 2
    col_letter = ws.cell(row=1, column=category_col).column_letter
    for r in range(3, ws.max_row + 2):
        prev = rows[start - 2][category_col - 1]
        cur = rows[r - 2][category_col - 1] if r - 2 < len(rows) else None
        if cur != prev:
            if r - 1 > start:
                ws.merge_cells(f"{col_letter}{start}:{col_letter}{r - 1}")
                ws[f"{col_letter}{start}"].font = Font(bold=True)
                ws[f"{col_letter}{start}"].alignment = Alignment(vertical="center", wrap_text=True)
            start = r
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "C2"
    if notes:
        info = wb.create_sheet("Notes")
        for line in notes:
            info.append([line])
        info.column_dimensions["A"].width = 100
    wb.save(path)


def write_platform_xlsx(path: Path) -> None:
    header = ["Category", "Competency", "Description", None, *PLATFORM_LEVELS]
    rows = []
    for category, competency, description, cells in PLATFORM_MATRIX:
        # The fourth column is left entirely empty, as in the sheet this imitates.
        rows.append([category, competency, description, None] + [cells[level] for level in PLATFORM_LEVELS])
    widths = {"A": 18, "B": 24, "C": 36, "D": 3, "E": 42, "F": 42, "G": 42, "H": 42, "I": 42}
    notes = [
        "Platform Engineering competency matrix - owned by the Platform leadership group.",
        "Read across a row to see how a competency grows from Junior to Principal.",
        "Expectations are cumulative: each level assumes the ones to its left.",
    ]
    _write_level_columns_matrix(path, PLATFORM_SHEET, header, rows, category_col=1, widths=widths, notes=notes)


def write_pm_xlsx(path: Path) -> None:
    header = ["Category", "Competency", *PM_LEVELS]
    rows = [[category, competency] + [cells[level] for level in PM_LEVELS] for category, competency, cells in PM_MATRIX]
    widths = {"A": 20, "B": 28, "C": 45, "D": 45, "E": 45, "F": 45}
    _write_level_columns_matrix(path, PM_SHEET, header, rows, category_col=1, widths=widths)


def write_security_xlsx(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = SECURITY_SHEET
    ws.append(["Level", *SECURITY_COMPETENCIES])
    for cell in ws[1]:
        _xlsx_header_style(cell)
    for level, cells in SECURITY_MATRIX:
        ws.append([level] + [cells[c] for c in SECURITY_COMPETENCIES])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        row[0].font = Font(bold=True)
    ws.column_dimensions["A"].width = 28
    for letter in "BCDEFG":
        ws.column_dimensions[letter].width = 40
    ws.freeze_panes = "B2"
    wb.save(path)


def main() -> None:
    write_docx(HERE / "customer-support.docx")
    write_pdf(HERE / "data-analyst.pdf")
    write_platform_xlsx(HERE / "platform-competencies.xlsx")
    write_security_xlsx(HERE / "security-transposed.xlsx")
    write_pm_xlsx(HERE / "pm-competency-matrix.xlsx")
    print(
        "wrote customer-support.docx, data-analyst.pdf, platform-competencies.xlsx, "
        "security-transposed.xlsx, pm-competency-matrix.xlsx"
    )


if __name__ == "__main__":
    main()
