"""Realistic demo data for Haidian District, from a small slice (`make run`) up to district scale (bench/).

Everything is generated from one seed, written with bulk inserts, and valid by the platform's own rules:
ID numbers and credit codes carry correct check characters, phones are 11-digit mobiles, areas form the
tree the API expects. Administrative codes follow the 110108 (Haidian) pattern but are demo values.
"""

import io
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import Membership, User, phone_hash
from areas.models import Area, PracticeCenter
from campaigns.models import Campaign, Event, Registration
from core.identity import USCC_ALPHABET, id_check_character, uscc_check_character
from orders.demo import load_orders_demo
from partners.models import (
    ActivityParticipant,
    ActivityPhoto,
    Agreement,
    CampaignParticipation,
    Commitment,
    Partner,
    PartnerActivity,
)
from partners.photos import process_photo
from targets.demo import load_targets_demo
from volunteers.models import AVAILABILITY_SLOTS, Consent, ServiceRecord, Skill, Volunteer, availability_mask
from volunteers.services import credit_activity_hours, id_number_hash

DISTRICT = ("海淀区", "110108", 3_133_000)
STREETS = [
    "万寿路街道",
    "永定路街道",
    "羊坊店街道",
    "甘家口街道",
    "八里庄街道",
    "紫竹院街道",
    "北下关街道",
    "北太平庄街道",
    "学院路街道",
    "中关村街道",
    "海淀街道",
    "青龙桥街道",
    "清华园街道",
    "燕园街道",
    "香山街道",
    "清河街道",
    "花园路街道",
    "西三旗街道",
    "马连洼街道",
    "田村路街道",
    "上地街道",
    "曙光街道",
]
TOWNS = ["四季青镇", "西北旺镇", "苏家坨镇", "上庄镇", "温泉镇", "东升镇", "海淀镇"]
COMMUNITY_STEMS = [
    "北里",
    "南里",
    "东里",
    "西里",
    "花园",
    "家园",
    "新村",
    "嘉园",
    "小区",
    "社区",
    "苑",
    "园",
]
COMMUNITY_PREFIXES = [
    "天香",
    "颐北",
    "万柳",
    "蓝靛厂",
    "双榆树",
    "知春",
    "科南",
    "航天",
    "明光",
    "皂君庙",
    "大钟寺",
    "塔院",
    "志新",
    "学清",
    "林大",
    "五道口",
    "清华东",
    "农大",
    "西苑",
    "厢红旗",
    "六郎庄",
    "巴沟",
    "曙光",
    "世纪城",
    "永泰",
    "安宁庄",
    "毛纺",
    "朱房",
    "小营",
    "育新",
    "上地东里",
    "树村",
    "后营",
    "聚源",
    "唐家岭",
    "永丰",
]
VILLAGE_PREFIXES = ["北安河", "周家巷", "七王坟", "苏家坨", "前沙涧", "西埠头", "白水洼", "东马坊", "杨家庄"]
SKILLS = [
    ("first-aid", "应急救护", "First aid"),
    ("elderly-care", "助老服务", "Elderly care"),
    ("child-care", "关爱儿童", "Child care"),
    ("sign-language", "手语", "Sign language"),
    ("legal-aid", "法律咨询", "Legal advice"),
    ("medical", "医疗义诊", "Medical consultation"),
    ("traffic", "交通劝导", "Traffic guidance"),
    ("sanitation", "环境清洁", "Clean-up"),
    ("photography", "摄影记录", "Photography"),
    ("publicity", "宣传讲解", "Publicity"),
    ("smartphone-help", "智能手机教学", "Smartphone help"),
    ("repair", "家电维修", "Appliance repair"),
    ("psychology", "心理疏导", "Counselling"),
    ("translation", "外语翻译", "Translation"),
    ("barrier-free", "无障碍设施巡查", "Barrier-free inspection"),
    ("driving", "车辆驾驶", "Driving"),
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华玉兰文志红丹萍鹏辉"
    "宇浩然子涵欣怡梓轩雨桐思远佳怡晨阳嘉懿子豪一诺铭泽诗涵语嫣俊熙博文天佑雅琪"
)
PARTNER_TEMPLATES = {
    Partner.Kind.UNIVERSITY: ["{p}大学志愿服务总队", "北京{p}学院", "{p}职业技术学院"],
    Partner.Kind.MILITARY: ["驻区部队{n}分队", "武警{n}中队"],
    Partner.Kind.ENTERPRISE: ["{p}科技有限公司", "{p}信息技术股份有限公司", "{p}物业服务有限公司"],
    Partner.Kind.GOVERNMENT: ["海淀区{p}管理所", "{p}市场监督管理所"],
    Partner.Kind.SOCIAL_ORG: ["{p}社会工作事务所", "{p}公益服务中心"],
    Partner.Kind.SCHOOL: ["{p}第一中学", "{p}实验小学"],
    Partner.Kind.HOSPITAL: ["{p}社区卫生服务中心", "{p}医院"],
    Partner.Kind.OTHER: ["{p}商会", "{p}商业街区管委会"],
}
DEMO_PASSWORD = "gongjian-demo-2026"
LOCAL_TZ = ZoneInfo("Asia/Shanghai")
CAMPAIGN_PLANS = [
    (Campaign.Theme.OLD_COMPOUNDS, "老旧小区环境整治专项行动", "清理楼道堆物堆料，整治小区公共环境。"),
    (Campaign.Theme.TRAFFIC, "文明交通劝导专项行动", "在重点路口开展文明交通劝导，治理乱停乱放。"),
    (Campaign.Theme.SMOKE_FREE, "写字楼控烟专项行动", "在写字楼和公共场所开展控烟巡查与宣传。"),
    (Campaign.Theme.BARRIER_FREE, "无障碍设施排查行动", "排查盲道、坡道等无障碍设施，登记问题点位。"),
    (Campaign.Theme.ENVIRONMENT, "背街小巷环境清洁行动", "清洁背街小巷，清理小广告和卫生死角。"),
    (Campaign.Theme.ELDERLY_CHILDREN, "“银龄关爱”助老服务行动", "教老年人使用智能手机，上门探访独居老人。"),
    (Campaign.Theme.CIVILITY, "文明餐桌“光盘行动”宣传", "在餐馆和食堂宣传文明餐桌、反对浪费。"),
]
EVENT_TITLES = {
    Campaign.Theme.OLD_COMPOUNDS: "楼道堆物清理",
    Campaign.Theme.TRAFFIC: "路口文明劝导",
    Campaign.Theme.SMOKE_FREE: "控烟巡查",
    Campaign.Theme.BARRIER_FREE: "无障碍设施排查",
    Campaign.Theme.ENVIRONMENT: "环境清洁",
    Campaign.Theme.ELDERLY_CHILDREN: "智能手机教学",
    Campaign.Theme.CIVILITY: "光盘行动宣传",
}
# Days from today of each campaign's events: two past, one under way now, four to come.
EVENT_DAY_OFFSETS = (-14, -5, 0, 2, 6, 9, 16)


@dataclass
class DemoAccounts:
    rows: list[tuple[str, str, str]]  # (role, login, password)


class DemoGenerator:
    """Builds the district. `communities_per_street` and the counts set the scale."""

    def __init__(self, *, seed: int = 2021, communities_per_street: int = 4, today: date | None = None):
        self.random = random.Random(seed)
        self.communities_per_street = communities_per_street
        self.today = today or timezone.localdate()
        self._id_numbers: set[str] = set()
        self._credit_codes: set[str] = set()
        self._names: list[str] = []

    # Identifiers -----------------------------------------------------------------------------------
    def id_number(self, *, min_age: int = 16, max_age: int = 75) -> str:
        while True:
            age_days = self.random.randint(min_age * 366, max_age * 365)
            born = self.today - timedelta(days=age_days)
            first17 = f"110108{born:%Y%m%d}{self.random.randint(1, 999):03d}"
            number = first17 + id_check_character(first17)
            if number not in self._id_numbers:
                self._id_numbers.add(number)
                return number

    def credit_code(self) -> str:
        while True:
            body = "".join(self.random.choice(USCC_ALPHABET) for _ in range(9))
            first17 = f"91110108{body}"
            code = first17 + uscc_check_character(first17)
            if code not in self._credit_codes:
                self._credit_codes.add(code)
                return code

    def person_name(self) -> str:
        given = "".join(self.random.choice(GIVEN) for _ in range(self.random.choice((1, 2))))
        return self.random.choice(SURNAMES) + given

    # Tree ------------------------------------------------------------------------------------------
    def build_areas(self) -> Area:
        name, code, population = DISTRICT
        district = Area.objects.create(
            name=name, code=code, level=Area.Level.DISTRICT, population=population, path=f"{code}/"
        )
        subdivisions = [(n, Area.Level.STREET) for n in STREETS] + [(n, Area.Level.TOWN) for n in TOWNS]
        communities = []
        used_names = set()
        for index, (sub_name, level) in enumerate(subdivisions, start=1):
            sub_code = f"{code}{index:03d}"
            sub = Area.objects.create(
                name=sub_name,
                code=sub_code,
                level=level,
                parent=district,
                population=population // len(subdivisions),
                path=f"{district.path}{sub_code}/",
            )
            for number in range(1, self.communities_per_street + 1):
                rural = level == Area.Level.TOWN and number % 2 == 0
                prefixes = VILLAGE_PREFIXES if rural else COMMUNITY_PREFIXES
                while True:
                    stem = "村" if rural else self.random.choice(COMMUNITY_STEMS)
                    candidate = f"{self.random.choice(prefixes)}{stem}"
                    if candidate not in used_names:
                        break
                    candidate = f"{candidate}{number}"
                    if candidate not in used_names:
                        break
                used_names.add(candidate)
                community_code = f"{sub_code}{number:03d}"
                communities.append(
                    Area(
                        name=candidate if rural or candidate.endswith("社区") else f"{candidate}社区",
                        code=community_code,
                        level=Area.Level.VILLAGE if rural else Area.Level.COMMUNITY,
                        parent=sub,
                        population=self.random.randint(3_000, 12_000),
                        path=f"{sub.path}{community_code}/",
                    )
                )
        Area.objects.bulk_create(communities, batch_size=1000)
        return district

    def build_centers(self) -> None:
        level_for = {
            Area.Level.DISTRICT: PracticeCenter.Level.CENTER,
            Area.Level.STREET: PracticeCenter.Level.INSTITUTE,
            Area.Level.TOWN: PracticeCenter.Level.INSTITUTE,
            Area.Level.COMMUNITY: PracticeCenter.Level.STATION,
            Area.Level.VILLAGE: PracticeCenter.Level.STATION,
        }
        suffix = {
            PracticeCenter.Level.CENTER: "新时代文明实践中心",
            PracticeCenter.Level.INSTITUTE: "新时代文明实践所",
            PracticeCenter.Level.STATION: "新时代文明实践站",
        }
        centers = []
        for area in Area.objects.all():
            level = level_for[area.level]
            centers.append(
                PracticeCenter(
                    name=f"{area.name}{suffix[level]}",
                    level=level,
                    area=area,
                    address=f"北京市海淀区{area.name}服务中心",
                    phone=f"010-{self.random.randint(60000000, 89999999)}",
                )
            )
        PracticeCenter.objects.bulk_create(centers, batch_size=1000)

    def build_skills(self) -> list[Skill]:
        return Skill.objects.bulk_create(Skill(code=c, name=n, name_en=e) for c, n, e in SKILLS)

    # People ----------------------------------------------------------------------------------------
    def build_partners(self, count: int, *, password_hash: str, first_phone: int) -> list[Partner]:
        subdivisions = list(Area.objects.filter(level__in=[Area.Level.STREET, Area.Level.TOWN]))
        kinds = list(Partner.Kind)
        partners, admins, used_names = [], [], set()
        for index in range(count):
            kind = kinds[index % len(kinds)]
            area = self.random.choice(subdivisions)
            prefix = area.name.removesuffix("街道").removesuffix("镇")
            name = self.random.choice(PARTNER_TEMPLATES[kind]).format(p=prefix, n=index + 1)
            if name in used_names:
                name = f"{name}（{index + 1}）"
            used_names.add(name)
            status = Partner.Status.APPROVED
            if index % 10 == 8:
                status = Partner.Status.PENDING
            elif index % 25 == 24:
                status = Partner.Status.REJECTED
            partners.append(
                Partner(
                    name=name,
                    kind=kind,
                    credit_code=None if kind == Partner.Kind.MILITARY else self.credit_code(),
                    area=area,
                    address=f"北京市海淀区{area.name}{self.random.randint(1, 99)}号",
                    contact_name=self.person_name(),
                    contact_phone=f"1{first_phone + index:010d}",
                    status=status,
                    review_reason="材料不全，请补充共建协议扫描件" if status == Partner.Status.REJECTED else "",
                    reviewed_at=None if status == Partner.Status.PENDING else timezone.now(),
                    description=f"{name}，驻区共建单位，参与文明城区创建志愿服务。",
                )
            )
        partners = Partner.objects.bulk_create(partners, batch_size=1000)
        for index, partner in enumerate(partners):
            phone = f"1{first_phone + index:010d}"
            admins.append(
                User(
                    username=f"partner{partner.pk}",
                    name=partner.contact_name,
                    phone=phone,
                    phone_hash=phone_hash(phone),
                    password=password_hash,
                )
            )
        admins = User.objects.bulk_create(admins, batch_size=1000)
        Membership.objects.bulk_create(
            [
                Membership(user=admin, role=Membership.Role.PARTNER_ADMIN, partner=partner)
                for admin, partner in zip(admins, partners, strict=True)
            ],
            batch_size=1000,
        )
        self._build_agreements([p for p in partners if p.status == Partner.Status.APPROVED])
        return partners

    def _build_agreements(self, partners: list[Partner]) -> None:
        centers = {c.area_id: c for c in PracticeCenter.objects.filter(level=PracticeCenter.Level.INSTITUTE)}
        agreements = []
        for partner in partners:
            start = date(self.today.year, 1, 1)
            agreements.append(
                Agreement(
                    partner=partner,
                    center=centers.get(partner.area_id),
                    title=f"{self.today.year}年度文明城区共建协议",
                    starts_on=start,
                    ends_on=date(self.today.year, 12, 31),
                    signed_on=start + timedelta(days=10),
                )
            )
        agreements = Agreement.objects.bulk_create(agreements, batch_size=1000)
        commitments = []
        for agreement in agreements:
            commitments.append(
                Commitment(
                    agreement=agreement,
                    kind=Commitment.Kind.VOLUNTEER_HOURS,
                    quantity=self.random.choice((200, 500, 1000, 2000)),
                    description="组织职工、师生参加志愿服务",
                )
            )
            commitments.append(
                Commitment(
                    agreement=agreement,
                    kind=Commitment.Kind.EVENTS,
                    quantity=self.random.choice((4, 6, 12)),
                    description="开展共建活动",
                )
            )
            if self.random.random() < 0.5:
                commitments.append(
                    Commitment(
                        agreement=agreement,
                        kind=Commitment.Kind.RESOURCE,
                        quantity=1,
                        description="开放场地用于社区活动",
                    )
                )
        Commitment.objects.bulk_create(commitments, batch_size=2000)

    def build_volunteers(
        self,
        count: int,
        *,
        password_hash: str,
        first_phone: int,
        partners: list[Partner] = (),
        batch_size: int = 2000,
        progress=None,
    ) -> None:
        """`count` volunteers in batches; `progress(done)` is called after each batch."""
        homes = list(
            Area.objects.filter(level__in=[Area.Level.COMMUNITY, Area.Level.VILLAGE]).values_list("id", flat=True)
        )
        skills = list(Skill.objects.values_list("id", flat=True))
        approved = [p for p in partners if p.status == Partner.Status.APPROVED]
        version = settings.PRIVACY_CONSENT_VERSION
        SkillLink = Volunteer.skills.through
        done = 0
        while done < count:
            size = min(batch_size, count - done)
            users, profiles = [], []
            for offset in range(size):
                index = done + offset
                phone = f"1{first_phone + index:010d}"
                name = self.person_name()
                number = self.id_number()
                users.append(
                    User(
                        username=f"v{first_phone + index}",
                        name=name,
                        phone=phone,
                        phone_hash=phone_hash(phone),
                        password=password_hash,
                    )
                )
                profiles.append((name, number))
            with transaction.atomic():
                users = User.objects.bulk_create(users, batch_size=batch_size)
                volunteers = Volunteer.objects.bulk_create(
                    [
                        Volunteer(
                            user=user,
                            real_name=name,
                            id_number=number,
                            id_number_hash=id_number_hash(number),
                            birth_date=date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
                            gender="male" if int(number[16]) % 2 else "female",
                            home_area_id=self.random.choice(homes),
                            availability=availability_mask(
                                self.random.sample(AVAILABILITY_SLOTS, self.random.randint(2, 8))
                            ),
                        )
                        for user, (name, number) in zip(users, profiles, strict=True)
                    ],
                    batch_size=batch_size,
                )
                SkillLink.objects.bulk_create(
                    [
                        SkillLink(volunteer_id=volunteer.pk, skill_id=skill)
                        for volunteer in volunteers
                        for skill in self.random.sample(skills, self.random.randint(0, 3))
                    ],
                    batch_size=5000,
                )
                now = timezone.now()
                Consent.objects.bulk_create(
                    [
                        Consent(
                            volunteer=v,
                            purpose=Consent.Purpose.SENSITIVE_PERSONAL_INFORMATION,
                            version=version,
                            given_at=now,
                        )
                        for v in volunteers
                    ],
                    batch_size=batch_size,
                )
                if approved:
                    Membership.objects.bulk_create(
                        [
                            Membership(
                                user=user, role=Membership.Role.PARTNER_MEMBER, partner=self.random.choice(approved)
                            )
                            for user in users
                            if self.random.random() < 0.2
                        ],
                        batch_size=batch_size,
                    )
            done += size
            if progress is not None:
                progress(done)

    # Campaigns and events ---------------------------------------------------------------------------
    def build_campaigns(self, *, institutes: list[PracticeCenter], per_institute: int, now: datetime) -> list[Event]:
        """Campaigns of each institute, each with past, ongoing and upcoming events (09:00–11:00 local)."""
        skills = list(Skill.objects.all())
        events = []
        for center_index, center in enumerate(institutes):
            communities = list(Area.objects.filter(parent=center.area))
            for number in range(per_institute):
                theme, title, description = CAMPAIGN_PLANS[(center_index + number) % len(CAMPAIGN_PLANS)]
                campaign = Campaign.objects.create(
                    title=f"{center.area.name}{title}",
                    description=description,
                    theme=theme,
                    center=center,
                    starts_on=(now - timedelta(days=30)).date(),
                    ends_on=(now + timedelta(days=60)).date(),
                    status=Campaign.Status.PUBLISHED,
                )
                campaign.target_areas.set(communities)
                campaign.skills_wanted.set(self.random.sample(skills, 2))
                for day_offset in EVENT_DAY_OFFSETS:
                    area = self.random.choice(communities) if communities else center.area
                    if day_offset == 0:
                        starts_at = now.replace(second=0, microsecond=0) - timedelta(minutes=30)
                        ends_at = starts_at + timedelta(hours=2)
                    else:
                        day = (now + timedelta(days=day_offset + number)).astimezone(LOCAL_TZ).date()
                        starts_at = datetime.combine(day, time(9, 0), tzinfo=LOCAL_TZ)
                        ends_at = datetime.combine(day, time(11, 0), tzinfo=LOCAL_TZ)
                    events.append(
                        Event(
                            campaign=campaign,
                            title=f"{area.name}·{EVENT_TITLES[theme]}",
                            area=area,
                            address=f"北京市海淀区{area.name}活动站",
                            starts_at=starts_at,
                            ends_at=ends_at,
                            capacity=self.random.choice((6, 8, 10, 12, 20)),
                            description=description,
                        )
                    )
        return Event.objects.bulk_create(events, batch_size=2000)

    def build_registrations(self, events: list[Event], *, now: datetime) -> None:
        """Fill events from nearby volunteers without time clashes; one event of each campaign overflows."""
        volunteers_by_street: dict[int, list[int]] = {}
        for volunteer_id, street_id in Volunteer.objects.active().values_list("id", "home_area__parent_id"):
            volunteers_by_street.setdefault(street_id, []).append(volunteer_id)
        everyone = [v for ids in volunteers_by_street.values() for v in ids]
        busy: set[tuple[int, datetime]] = set()
        overflow_campaigns: set[int] = set()
        registrations, counts = [], {}
        created = now - timedelta(days=20)
        for event in events:
            pool = volunteers_by_street.get(event.area.parent_id, []) + self.random.sample(everyone, 30)
            self.random.shuffle(pool)
            upcoming = event.starts_at > now
            overflow = upcoming and event.campaign_id not in overflow_campaigns
            wanted = event.capacity + 3 if overflow else self.random.randint(event.capacity // 2, event.capacity)
            if overflow:
                overflow_campaigns.add(event.campaign_id)
            taken = 0
            for volunteer_id in dict.fromkeys(pool):
                if taken >= wanted:
                    break
                if (volunteer_id, event.starts_at) in busy:
                    continue
                busy.add((volunteer_id, event.starts_at))
                status = Registration.Status.CONFIRMED if taken < event.capacity else Registration.Status.WAITLISTED
                taken += 1
                registrations.append(self._registration(event, volunteer_id, status, now=now, created=created))
                created += timedelta(seconds=7)
            counts[event.pk] = min(taken, event.capacity)
        registrations = Registration.objects.bulk_create(registrations, batch_size=5000)
        for event in events:
            Event.objects.filter(pk=event.pk).update(confirmed_count=counts[event.pk])
        ServiceRecord.objects.bulk_create(
            [
                ServiceRecord(
                    volunteer_id=r.volunteer_id,
                    hours=Decimal("2"),
                    source=ServiceRecord.Source.EVENT,
                    served_on=r.event.starts_at.astimezone(LOCAL_TZ).date(),
                    description=r.event.title,
                    registration=r,
                )
                for r in registrations
                if r.checked_out_at is not None
            ],
            batch_size=5000,
        )

    def _registration(self, event: Event, volunteer_id: int, status: str, *, now: datetime, created) -> Registration:
        registration = Registration(event=event, volunteer_id=volunteer_id, status=status)
        registration.created_at = created
        if status == Registration.Status.CONFIRMED and event.starts_at <= now:
            roll = self.random.random()
            if roll < 0.85:
                registration.attendance = Registration.Attendance.ATTENDED
                registration.checked_in_at = event.starts_at - timedelta(minutes=self.random.randint(0, 20))
                if event.ends_at <= now:
                    registration.checked_out_at = event.ends_at + timedelta(minutes=self.random.randint(0, 15))
            elif event.ends_at <= now:
                registration.attendance = (
                    Registration.Attendance.NO_SHOW if roll < 0.97 else Registration.Attendance.EXCUSED
                )
        return registration


@transaction.atomic
def load_demo(*, volunteers: int = 300, partners: int = 40, seed: int = 2021) -> DemoAccounts:
    """The `make run` slice: the whole area tree, every center, a few hundred people, one account per role."""
    generator = DemoGenerator(seed=seed)
    generator.build_areas()
    generator.build_centers()
    generator.build_skills()
    demo_hash = make_password(DEMO_PASSWORD)
    partner_rows = generator.build_partners(partners, password_hash=demo_hash, first_phone=3_900_000_000)
    generator.build_volunteers(volunteers, password_hash=demo_hash, first_phone=3_910_000_000, partners=partner_rows)
    accounts = _demo_accounts(generator, partner_rows)
    now = timezone.now()
    institutes = list(
        PracticeCenter.objects.filter(level=PracticeCenter.Level.INSTITUTE)
        .select_related("area")
        .order_by("-area__name")
    )
    zhongguancun = next(center for center in institutes if center.area.name == "中关村街道")
    institutes = [zhongguancun, *[center for center in institutes if center != zhongguancun][:5]]
    events = generator.build_campaigns(institutes=institutes, per_institute=2, now=now)
    generator.build_registrations(events, now=now)
    _demo_volunteer_story(now=now)
    _demo_partner_activities(generator, now=now)
    load_targets_demo()
    load_orders_demo()
    return accounts


def _demo_accounts(generator: DemoGenerator, partners: list[Partner]) -> DemoAccounts:
    """Named accounts a new user can log in with, one per role."""

    def account(phone: str, name: str, **extra) -> User:
        return User.objects.create_user(phone=phone, name=name, password=DEMO_PASSWORD, **extra)

    User.objects.create_superuser("admin", DEMO_PASSWORD, name="平台超级管理员")
    office = account("13800000001", "区文明办管理员")
    Membership.objects.create(user=office, role=Membership.Role.DISTRICT_ADMIN)

    zhongguancun = Area.objects.get(name="中关村街道")
    coordinator = account("13800000002", "中关村街道协调员")
    Membership.objects.create(
        user=coordinator, role=Membership.Role.COORDINATOR, center=PracticeCenter.objects.get(area=zhongguancun)
    )

    partner = next(p for p in partners if p.kind == Partner.Kind.UNIVERSITY and p.status == Partner.Status.APPROVED)
    partner_admin = account("13800000003", "共建单位管理员")
    Membership.objects.create(user=partner_admin, role=Membership.Role.PARTNER_ADMIN, partner=partner)

    home = Area.objects.filter(parent=zhongguancun).first()
    volunteer_user = account("13800000004", "张志愿")
    number = generator.id_number(min_age=25, max_age=40)
    volunteer = Volunteer.objects.create(
        user=volunteer_user,
        real_name="张志愿",
        id_number=number,
        id_number_hash=id_number_hash(number),
        birth_date=date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
        gender="male" if int(number[16]) % 2 else "female",
        home_area=home,
        availability=availability_mask(["sat-morning", "sat-afternoon", "sun-morning"]),
    )
    volunteer.skills.set(Skill.objects.filter(code__in=["first-aid", "smartphone-help"]))
    Consent.objects.create(
        volunteer=volunteer,
        purpose=Consent.Purpose.SENSITIVE_PERSONAL_INFORMATION,
        version=settings.PRIVACY_CONSENT_VERSION,
        given_at=timezone.now(),
    )
    Membership.objects.create(user=volunteer_user, role=Membership.Role.PARTNER_MEMBER, partner=partner)

    return demo_accounts()


def demo_accounts() -> DemoAccounts:
    """The named demo logins, one per role."""
    partner = Membership.objects.filter(user__phone_hash=phone_hash("13800000003")).select_related("partner").first()
    partner_name = partner.partner.name if partner else ""
    coordinator_area = "中关村街道"
    return DemoAccounts(
        rows=[
            ("超级管理员 (Django admin)", "admin", DEMO_PASSWORD),
            ("区文明办管理员 district admin", "13800000001", DEMO_PASSWORD),
            (f"协调员 coordinator · {coordinator_area}", "13800000002", DEMO_PASSWORD),
            (f"共建单位管理员 partner admin · {partner_name}", "13800000003", DEMO_PASSWORD),
            ("志愿者 volunteer (also a partner member)", "13800000004", DEMO_PASSWORD),
        ]
    )


def _demo_volunteer_story(*, now: datetime) -> None:
    """The demo volunteer has a place coming up, a waitlisted one, past service and a first star."""
    from campaigns.services import register_for_event

    volunteer = Volunteer.objects.get(user__phone_hash=phone_hash("13800000004"))
    upcoming = Event.objects.filter(starts_at__gt=now, campaign__center__area__name="中关村街道").order_by("starts_at")
    full = upcoming.filter(confirmed_count=F("capacity")).first()
    free = upcoming.filter(confirmed_count__lt=F("capacity")).exclude(starts_at=full.starts_at).first()
    for event in (full, free):
        if not event.registrations.filter(volunteer=volunteer).exists():
            register_for_event(volunteer=volunteer, event=event)
    ServiceRecord.objects.create(
        volunteer=volunteer,
        hours=Decimal("96"),
        source=ServiceRecord.Source.ADJUSTMENT,
        served_on=date(now.year, 1, 15),
        reason="历史服务时长补录（纸质台账）",
        description="历史服务时长补录",
    )


ACTIVITY_PLANS = [
    ("楼道堆物清理共建活动", "组织职工清理老旧小区楼道堆物堆料，消除消防隐患。"),
    ("路口文明交通劝导", "早高峰在路口劝导行人和非机动车遵守交通信号，治理乱停乱放。"),
    ("智能手机教学进社区", "教社区老年人用智能手机挂号、缴费，讲解如何防范电信诈骗。"),
    ("垃圾分类入户宣传", "入户宣传垃圾分类知识，在投放点值守，指导居民正确投放。"),
    ("无障碍设施排查", "排查盲道、坡道被占用和损坏的情况，登记问题点位并上报。"),
]
# Each demo partner's logs, newest first: one in every state, and a second verified one.
ACTIVITY_STATES = (
    PartnerActivity.Status.DRAFT,
    PartnerActivity.Status.SUBMITTED,
    PartnerActivity.Status.VERIFIED,
    PartnerActivity.Status.REJECTED,
    PartnerActivity.Status.VERIFIED,
)
DEMO_ACTIVITY_PARTNERS = 8
PHOTO_COLOURS = [(94, 155, 216), (236, 172, 92), (120, 180, 120), (200, 110, 110), (150, 130, 200)]


def _demo_photo(rng: random.Random, size: tuple[int, int] = (640, 480)) -> bytes:
    """A made-up street scene as JPEG bytes: sky, road, a few buildings and a sun."""
    width, height = size
    picture = Image.new("RGB", size, rng.choice(PHOTO_COLOURS))
    draw = ImageDraw.Draw(picture)
    horizon = height * 2 // 3
    draw.rectangle((0, horizon, width, height), fill=(110, 110, 105))
    for _ in range(rng.randint(3, 6)):
        left, top = rng.randint(0, width - 80), rng.randint(height // 4, height // 2)
        draw.rectangle(
            (left, top, left + rng.randint(50, 120), horizon), fill=rng.choice(PHOTO_COLOURS), outline=(60, 60, 60)
        )
    x, y = rng.randint(40, width - 40), rng.randint(30, height // 4)
    draw.ellipse((x - 25, y - 25, x + 25, y + 25), fill=(250, 210, 60))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _store_demo_photo(activity: PartnerActivity, rng: random.Random) -> None:
    processed = process_photo(
        _demo_photo(rng), max_bytes=settings.PHOTO_MAX_BYTES, max_pixels=settings.PHOTO_MAX_PIXELS
    )
    photo = ActivityPhoto(activity=activity, width=processed.width, height=processed.height)
    photo.image.save("photo.jpg", ContentFile(processed.image), save=False)
    photo.thumbnail.save("thumbnail.jpg", ContentFile(processed.thumbnail), save=False)
    photo.save()


def _demo_partner_activities(generator: DemoGenerator, *, now: datetime) -> None:
    """Approved partners' activity logs in every state with photos; the verified ones are credited to the ledger.

    The demo partner admin's university takes part in a Zhongguancun campaign and logs its activities there, so
    the Zhongguancun coordinator has logs to verify and an offer to review.
    """
    rng, today = generator.random, timezone.localdate(now)
    office = User.objects.get(phone_hash=phone_hash("13800000001"))
    demo_partner_id = Membership.objects.get(user__phone_hash=phone_hash("13800000003")).partner_id
    members: dict[int, list[int]] = {}
    for partner_id, volunteer_id in Membership.objects.filter(
        partner__status=Partner.Status.APPROVED,
        status=Membership.Status.ACTIVE,
        user__volunteer__status=Volunteer.Status.ACTIVE,
    ).values_list("partner_id", "user__volunteer"):
        members.setdefault(partner_id, []).append(volunteer_id)
    chosen = sorted(members, key=lambda pk: (pk != demo_partner_id, pk))[:DEMO_ACTIVITY_PARTNERS]
    partners = Partner.objects.in_bulk(chosen)
    communities: dict[int, list[Area]] = {}
    for community in Area.objects.filter(level__in=[Area.Level.COMMUNITY, Area.Level.VILLAGE]):
        communities.setdefault(community.parent_id, []).append(community)
    zhongguancun = Area.objects.get(name="中关村街道")
    joined, offered = Campaign.objects.filter(center__area=zhongguancun).order_by("id")[:2]
    CampaignParticipation.objects.bulk_create(
        [
            CampaignParticipation(
                partner_id=demo_partner_id,
                campaign=joined,
                commitment="每周六组织十名师生志愿者参加行动",
                status=CampaignParticipation.Status.ACCEPTED,
                reviewed_at=now - timedelta(days=20),
            ),
            CampaignParticipation(
                partner_id=demo_partner_id, campaign=offered, commitment="开放学校礼堂，举办两场宣传讲座"
            ),
        ]
    )
    for partner_id in chosen:
        partner = partners[partner_id]
        home = zhongguancun if partner_id == demo_partner_id else partner.area
        for index, status in enumerate(ACTIVITY_STATES):
            title, description = ACTIVITY_PLANS[(partner_id + index) % len(ACTIVITY_PLANS)]
            occurred_on = today - timedelta(days=2 + 9 * index)
            submitted_at = datetime.combine(occurred_on + timedelta(days=1), time(10), tzinfo=LOCAL_TZ)
            reviewed = status in (PartnerActivity.Status.VERIFIED, PartnerActivity.Status.REJECTED)
            area = rng.choice(communities.get(home.pk) or [home])
            activity = PartnerActivity.objects.create(
                partner=partner,
                campaign=joined if partner_id == demo_partner_id and index % 2 == 0 else None,
                title=title,
                description=description,
                occurred_on=occurred_on,
                address=f"北京市海淀区{area.name}",
                area=area,
                status=status,
                submitted_at=None if status == PartnerActivity.Status.DRAFT else submitted_at,
                reviewed_at=submitted_at + timedelta(days=1) if reviewed else None,
                reviewed_by=office if reviewed else None,
                review_reason="照片未体现活动现场，请补充现场照片" if status == PartnerActivity.Status.REJECTED else "",
            )
            ActivityParticipant.objects.bulk_create(
                ActivityParticipant(
                    activity=activity, volunteer_id=volunteer_id, hours=Decimal(rng.choice(("1.5", "2", "2.5", "3")))
                )
                for volunteer_id in rng.sample(members[partner_id], min(len(members[partner_id]), rng.randint(1, 4)))
            )
            for _ in range(rng.randint(1, 2)):
                _store_demo_photo(activity, rng)
            if status == PartnerActivity.Status.VERIFIED:
                credit_activity_hours(activity=activity)
