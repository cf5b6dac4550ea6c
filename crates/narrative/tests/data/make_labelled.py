# Builds labelled.json: real paragraphs cut verbatim from the development corpus (by the
# anchors below) and paragraphs written in the style of real reports, each marked as such.
#   python3 make_labelled.py labelled.json ../../../../../shared/corpus/docs/
# The JSON is checked in: the tests need nothing but it.
import json, re, html, sys
D=(sys.argv[2] if len(sys.argv)>2 else '../shared/corpus/docs').rstrip('/')+'/'
def read(f):
    return open(D+f,encoding='utf-8').read()
def sh2020():
    t=read('sh2020_city.html')
    t=re.sub(r'<script.*?</script>|<style.*?</style>','',t,flags=re.S)
    t=re.sub(r'<br\s*/?>|</p>|</div>|</tr>|</td>','\n',t)
    t=re.sub(r'<[^>]+>','',t)
    t=html.unescape(t)
    return '\n'.join(l.strip() for l in t.split('\n') if l.strip())
SRC={'sh2020_city.html (text of its paragraphs)':sh2020()}
def cut(f, start, end):
    t=SRC.get(f) or read(f)
    i=t.index(start)
    j=t.index(end,i)+len(end)
    return t[i:j]
cases=[]
def case(id, source, text, facts=(), traps=(), unsupported=()):
    for q,*_ in list(facts)+list(unsupported):
        assert q in text, (id,q)
    for q,_ in traps:
        assert q in text, (id,q)
    cases.append({"id":id,"source":source,"text":text,
        "facts":[{"quote":q,"label":l,"value":v} for q,l,v in facts],
        "unsupported":[{"quote":q,"label":l,"value":v} for q,l,v in unsupported],
        "traps":[{"quote":q,"why":w} for q,w in traps]})
def real(f): return "real: "+f
W="written in the style of real reports (not a real report)"

# ---------------- real paragraphs ----------------
f='sh2024_kewei.md'
case('sh2024-review', real(f), cut(f,'2024 年市科委有 1 件','0 件。'),
  [('1 件涉及政府信息公开工作的行政复','cases.review',1),('行政诉讼数为','cases.litigation',0)],
  [('未被复议审查机关纠错','says nothing was corrected, not that there was no review')])
case('sh2024-published', real(f), cut(f,'市科委积极做好政府信息主动公开工作','的办理复文。'),
  [('行政规范性文件 13 件','docs.normative.published',13)],
  [('发布政府信息 393 件','items of information'),('规划计划文件 2 件','not a table-2 kind'),
   ('人大代表建议 50 件','proposals handled, not applications'),('政协提案 85 件','proposals handled, not applications')])
case('sh2024-applications', real(f), cut(f,'全年收到政府信息公开申请 34 件','年度办理答复的有 1 件。'),
  [('收到政府信息公开申请 34 件','received',34),('申请 2 件','carried_over',2),
   ('同意公开答复 9 件','outcome.granted',9),('部分公开答复 0 件','outcome.partial',0),
   ('不予公开答复 2','outcome.denied',2),('无法提供的 10 件','outcome.unable',10),
   ('不予处理 0 件','outcome.rejected',0),('其他处理 14 件','outcome.other_handling',14),
   ('年度办理答复的有 1 件','carried_forward',1)],
  [('所有申请均已按要求办理完成','a claim without a number')])
case('sh2024-platform', real(f), cut(f,'今年累计批量推送集成式发布政策 121 条','点赞量 136888 次。'),
  [],
  [('发布政策 121 条','items'),('惠企政策 83 条','items'),('5 个高频事项','matters, not decisions'),
   ('发布信息 2139 条','items of information'),('政务信息发布 393 条','items of information'),
   ('编发文章 1640 篇','articles'),('短视频 584 条','videos'),('直播 118 场','broadcasts')])
case('sh2024-fees', real(f), cut(f,'2024 年，市科委未发生','收费事项。'),
  [('未发生政府信息公开收费','processing_fee',0)])

f='pingtan2023.txt'
case('pingtan2023-proactive', real(f), cut(f,'2023年全区共主动公开政府信息13561条','公开信息1654条。'),
  [('现行有效行政规范性文件393件','docs.normative.in_force',393),('制发的规范性文件77件','docs.normative.issued',77)],
  [('主动公开政府信息13561条','items of information'),('政策解读117篇','articles'),('公开信息1654条','items of information')])
case('pingtan2023-applications', real(f), cut(f,'2023年全区接收通过邮寄','行政诉讼案件7件。'),
  [('政府信息公开申请共计81件','received',81),('自然人80件','received.natural_person',80),('商业企业1件','received.commercial',1),
   ('办结依申请公开81件','handled',81),('予以公开及部分公开42件','outcome.granted_or_partial',42),
   ('占51.85%','percent.granted_or_partial/handled',51.85),('不予公开5件','outcome.denied',5),('占6.17%','percent.denied/handled',6.17),
   ('无法提供31件','outcome.unable',31),('占38.27%','percent.unable/handled',38.27),('不予处理1件','outcome.rejected',1),
   ('占1.23%','percent.rejected/handled',1.23),('其他处理2件','outcome.other_handling',2),('占2.47%','percent.other_handling/handled',2.47),
   ('行政复议案件2件','cases.review',2),('行政诉讼案件7件','cases.litigation',7)])
case('pingtan2023-media', real(f), cut(f,'五是加强政务新媒体管理','月通报7次。'),
  [],
  [('注销2个','accounts closed'),('新开设1个','accounts opened'),('季度通报3次','reports'),('月通报7次','reports')])
case('pingtan2023-fees', real(f), cut(f,'六、其他需要报告的事项2023年','信息处理费情况。'),
  [('无收取信息处理费','processing_fee',0)])

f='pingtan2019.txt'
case('pingtan2019-items', real(f), cut(f,'今年，我区政府信息公开单位共公布政府信息2599条','其他应主动公开政府信息856条)'),
  [],
  [('公布政府信息2599条','items of information'),('规范性文件类信息68条','items in the documents category, not documents issued'),
   ('行政许可类信息69条','items in the licensing category, not decisions')])
case('pingtan2019-complaints', real(f), cut(f,'区社会事业局不断公开社会保障','受理各类群众诉求259起。'),
  [], [('受理各类群众诉求259起','complaints received, not applications')])
case('pingtan2019-hotline', real(f), cut(f,'通过热线电话、家园985后台','网络诉求3件'),
  [], [('热线电话11通','calls'),('网络诉求3件','online complaints, not applications')])
case('pingtan2019-services', real(f), cut(f,'将8大类348项公共服务事项','办结时长缩短至30分钟以内。'),
  [], [('348项','services'),('92%公共服务事项','a share of services, not of applications')])
case('pingtan2019-finance', real(f), cut(f,'今年共发布380条财政资金信息','债券发行4条。'),
  [], [('380条财政资金信息','items'),('预决算公开197条','items')])

f='sh2020_city.html (text of its paragraphs)'
case('sh2020-documents', real(f), cut(f,'按照《条例》要求，坚持以公开为常态','行政规范性文件554件。'),
  [('主动公开政府规章12件','docs.regulations.published',12),('行政规范性文件554件','docs.normative.published',554)])
case('sh2020-pressconf', real(f), cut(f,'自1月26日起，持续举行上海市新冠肺炎疫情防控新闻发布会','并反馈处理结果。'),
  [], [('累计举办97场','press conferences'),('逾500个','approximate'),('权威信息201条','items'),('收到的421条防控建议','suggestions received, not applications')])
case('sh2020-powers', real(f), cut(f,'2020年，通过“一网通办”总门户集中公开权责清单','比2019年增加5174项。'),
  [],
  [('行政许可710项','a count of matters in the list: only its change is a table cell'),('行政处罚4312项','count of matters'),('行政强制261项','count of matters')],
  [('比2019年减少183项','items.licensing.change',-183),('比2019年增加3项','items.punishment.change',3),('与2019年持平','items.enforcement.change',0)])
case('sh2020-enforcement', real(f), cut(f,'制定发布19个行政处罚裁量基准文件','行政强制信息304215条。'),
  [], [('19个行政处罚裁量基准文件','guidelines, not decisions'),('55项证明事项','certificates'),
       ('行政处罚信息1910752条','items of information published, not decisions made'),('行政强制信息304215条','items of information')])
case('sh2020-stateassets', real(f), cut(f,'年内共发布重点信息488条','等3起重组公告。'),
  [], [('重点信息488条','items'),('等11份政策文件','a list of named documents'),('等3起重组公告','a list of announcements')])
case('sh2020-fees', real(f), cut(f,'2020年度本市行政事业性收费48项','比2019年减少1项。'),
  [], [('行政事业性收费48项','a count of fee items, not an amount')],
  [('比2019年减少1项','items.fees.change',-1)])
case('sh2020-projects', real(f), cut(f,'按时发布2020年度上海市重大建设项目目录清单','相关信息6000余条。'),
  [], [('正式项目152项','projects'),('重大建设项目1056个','projects, not a table-2 kind'),('相关信息6000余条','approximate items')])
case('sh2020-procurement', real(f), cut(f,'年内通过“上海市公共资源交易中心”网站','采购宗数148130件。'),
  [], [('招投标项目5479个','projects'),('采购宗数148130件','procurement lots, not the table-2 procurement projects')])
case('sh2020-environment', real(f), cut(f,'加强生态环境监管执法信息公开','处罚听证公告12件。'),
  [], [('市级生态环境部门行政处罚案件29件','cases of one department, not the city\'s decisions'),('处罚听证公告12件','hearing notices')])
case('sh2020-land', real(f), cut(f,'结合《中华人民共和国土地管理法》的修订','征地房屋补偿方案公告84件。'),
  [], [('等9件规范性文件','a list of named documents of one field'),('批复文件和市政府转发国务院批准用地的文件539件','land documents'),('拟征地告知书1089件','notices')])
case('sh2020-interpretation', real(f), cut(f,'通过“中国上海”门户网站及其微信公众号发布政策解读共123篇','完成109件中国政府网网民留言转办工作。'),
  [], [('政策解读共123篇','articles'),('109件中国政府网网民留言','messages forwarded, not applications')])
case('sh2020-decisions', real(f), cut(f,'汇总发布市政府部门重大行政决策事项89项','提案办理复文11件。'),
  [], [('决策事项89项','decisions of another kind'),('5名代表','people'),('活动96次','events'),('450余人次','people'),
       ('提案办理复文1354件','replies to proposals'),('提案办理复文11件','replies to proposals')])
case('sh2020-online', real(f), cut(f,'依托政务公开工作平台，对全市依申请件进行全量全流程管理','确保依申请件“应登尽登”。'),
  [], [('2个工作日内','a time limit')])
case('sh2020-applications', real(f), cut(f,'2020年，全市各级行政机关累计接收政府信息公开申请','其他处理2905件，占10.23%。'),
  [('接收政府信息公开申请 29130件','received',29130),('答复政府信息公开申请28406件','handled',28406),
   ('上年度结转申请1400件','carried_over',1400),('2124件申请按照《条例》顺延到下年度答复','carried_forward',2124),
   ('予以公开及部分公开11796件','outcome.granted_or_partial',11796),('占41.53%','percent.granted_or_partial/handled',41.53),
   ('不予公开1095件','outcome.denied',1095),('占3.85%','percent.denied/handled',3.85),
   ('无法提供11583件','outcome.unable',11583),('占40.78 %','percent.unable/handled',40.78),
   ('不予处理1027件','outcome.rejected',1027),('占3.62%','percent.rejected/handled',3.62),
   ('其他处理2905件','outcome.other_handling',2905),('占10.23%','percent.other_handling/handled',10.23)],
  [('较2019年下降6.62 %','a change against last year')])
case('sh2020-cases', real(f), cut(f,'信息公开类行政复议813件','较2019年上升2.23个百分点。'),
  [('行政复议813件','cases.review',813),('结果纠正42件','cases.review.corrected',42),('纠错率为5.17%','percent.correction.review',5.17),
   ('行政诉讼立案731件','cases.litigation',731),('未经复议直接起诉442件','cases.litigation_direct',442),('复议后起诉289件','cases.litigation_after_review',289)],
  [('较2019年上升0.87个百分点','a change'),('一审行政诉讼案件687件','first-instance judgements only'),
   ('结果纠正23件','first-instance corrections'),('纠错率3.14%','first-instance rate'),('较2019年上升2.23个百分点','a change')])
case('sh2020-documentflow', real(f), cut(f,'2020年，审核市政府公文250件','较去年上升4.6%。'),
  [], [('审核市政府公文250件','official documents reviewed'),('主动公开237件','official documents published'),
       ('主动公开率达94.8%','the share of documents published, not of applications'),('较去年上升4.6%','a change')])
case('sh2020-normative-db', real(f), cut(f,'开发建立了全市统一的规范性文件管理系统','依托“中国上海”门户网站开放数据查询查阅功能。'),
  [], [('现行有效的规范性文件2800余件','approximate: not asserted')])
case('sh2020-gazette', real(f), cut(f,'全年共编发公报24期','免费发放纸质公报192万份。'),
  [], [('刊发政策文件120件','documents printed in the gazette'),('政策解读97件','articles')])
case('sh2020-inspection', real(f), cut(f,'每季度对本市70家政府网站','向社会公布。'),
  [], [('70家政府网站','websites'),('492家政务新媒体','accounts')])
case('sh2020-training', real(f), cut(f,'全市组织开展线上线下50余次政务公开业务培训','培训2.7万余人次'),
  [], [('50余次','trainings, approximate'),('2.7万余人次','people')])

f='nanhu2019-excerpt.txt'
case('nanhu-proactive', real(f), cut(f,'2、主动公开信息情况','主动公开信息25条。'), [], [('主动公开信息25条','items of information')])
case('nanhu-requests', real(f), cut(f,'3、依申请公开信息情况','答复率100%。'),
  [('收到依申请公开信息3条','received',3)], [('答复率100%','a reply rate the tables cannot confirm')])
f='tongzhou2019-excerpt.txt'
case('tongzhou-proactive', real(f), cut(f,'2019年主动公开政府信息数696条','主动公开其他信息等。'),
  [], [('政府信息数696条','items'),('全文电子化率达100%','digitisation rate'),('部门动态477条','items')])
case('tongzhou-requests', real(f), cut(f,'2019年依申请公开共受理2件','完成率100%'),
  [('依申请公开共受理2件','received',2)], [('15个工作日内','a time limit'),('完成率100%','a completion rate the tables cannot confirm')])
f='yuyang2020-excerpt.txt'
case('yuyang-none', real(f), cut(f,'2020年度我街办未接到','的申请。'),
  [('未接到提出公开政府信息的申请','received',0)])
case('yuyang-fees', real(f), cut(f,'未收取任何政府信息公开费用','费用。'),
  [('未收取任何政府信息公开费用','processing_fee',0)])
case('yuyang-cases', real(f), cut(f,'2020年驼峰路街道办未发生','行政诉讼案件。'),
  [('未发生因政府信息公开申请提起的行政复议和行政诉讼','cases.all',0)])
f='001_eb0a65417e597162.txt'
case('001-proactive', real(f), cut(f,'2023,街道持续做好' if False else '2023年,街道持续做好','切实回应群众关注关切的问题以。'),
  [], [('其他信息61篇','items')])
case('001-fees', real(f), cut(f,'按照《国务院办公厅关于<政府信息公开信息处理费管理办法>的通知》','处理费。'),
  [('没有产生信息公开处理费','processing_fee',0)], [('按件、按量收取标准','the fee scale, not fees collected')] if '按件、按量收取标准' in read(f) else [])
f='000_50ea10f2717e5a1e.txt'
case('000-documents', real(f), cut(f,'围绕最低生活保障','本年度依法公开各类文件54件。'),
  [], [('各类文件54件','documents of every kind, not 规范性文件')])
f='003_3b852b11c21bff53.txt'
case('003-proactive', real(f), cut(f,'陆浑镇2022年全年主动公开政府信息共计422条','其他信息。'), [], [('政府信息共计422条','items')])
f='004_e3850655aeccb7a0.txt'
case('004-proactive', real(f), cut(f,'按照《条例》的要求，截至2019年12月31日','政府信息132条。'), [], [('政府信息132条','items')])
f='ankang2019-excerpt.txt'
case('ankang-proactive', real(f), cut(f,'2019年度,主动公开政府信息380条','业务服务信息152条。'), [], [('政府信息380条','items'),('文件公开30条','items')])
f='shijiazhuang-qx2021-excerpt.txt'
case('shijiazhuang-summary', real(f), cut(f,'中山街道累计对外公示','各类问题1536个。'),
  [], [('政务135条','items'),('处理行政决定数量2910个','decisions of no named kind'),('培训12次','trainings'),('问题1536个','questions answered')])
f='xuancheng2020-excerpt.txt'
case('xuancheng-proactive', real(f), cut(f,'2020年,我局在市政府信息公开平台发布132条','天气周报等重点信息。'), [], [('发布132条','items')])

# ---------------- written paragraphs ----------------
def w(id, text, facts=(), traps=(), unsupported=()):
    case(id, W, text, facts, traps, unsupported)

w('w-numerals', '2022年，我镇共收到政府信息公开申请十二件，其中自然人申请十件，法人或其他组织申请两件，均已按时办结。',
  [('收到政府信息公开申请十二件','received',12),('自然人申请十件','received.natural_person',10),('法人或其他组织申请两件','received.organisations',2)])
w('w-numerals-2', '全年受理政府信息公开申请一百零五件，办结一百件，结转下年度继续办理五件。',
  [('受理政府信息公开申请一百零五件','received',105),('办结一百件','handled',100),('结转下年度继续办理五件','carried_forward',5)])
w('w-fullwidth', '本年度共接收政府信息公开申请５２件，上年结转３件，办结５０件，结转下一年度５件。',
  [('接收政府信息公开申请５２件','received',52),('上年结转３件','carried_over',3),('办结５０件','handled',50),('结转下一年度５件','carried_forward',5)])
w('w-received-handled', '全年共受理并办结政府信息公开申请8件，较上年增加3件。',
  [('受理并办结政府信息公开申请8件','received',8),('受理并办结政府信息公开申请8件','handled',8)],
  [('较上年增加3件','a change against last year')])
w('w-number-first', '本年度共收到政府信息公开申请15件，其中12件予以公开，2件部分公开，1件因本机关不掌握相关政府信息无法提供。',
  [('收到政府信息公开申请15件','received',15),('12件予以公开','outcome.granted',12),('2件部分公开','outcome.partial',2),('1件因本机关不掌握相关政府信息无法提供','outcome.unable',1)])
w('w-none', '本年度，我乡未收到政府信息公开申请，未发生政府信息公开行政复议、行政诉讼案件。',
  [('未收到政府信息公开申请','received',0),('未发生政府信息公开行政复议、行政诉讼','cases.all',0)])
w('w-none-2', '2023年度，本机关没有收到公民、法人或其他组织提出的政府信息公开申请。',
  [('没有收到公民、法人或其他组织提出的政府信息公开申请','received',0)])
w('w-none-3', '全年无依申请公开事项，未被申请行政复议，也未被提起行政诉讼。',
  [('无依申请公开事项','received',0),('未被申请行政复议','cases.review',0),('未被提起行政诉讼','cases.litigation',0)])
w('w-none-traps', '对群众反映的问题，我们未收到针对依申请公开工作的投诉举报；群众无需申请即可在政务公开栏查阅相关信息。',
  [], [('未收到针对依申请公开工作的投诉举报','no complaints, says nothing of applications'),('无需申请','no application needed')])
w('w-cases-traps', '本年度未发生行政复议被纠错的情况，也未出现行政诉讼败诉案件。',
  [], [('未发生行政复议被纠错','no review corrected, not no review'),('未出现行政诉讼败诉','no lost case, not no case')])
w('w-cases-counts', '本年度因政府信息公开被申请行政复议3件，其中维持2件，尚未审结1件；被提起行政诉讼1件，结果维持。',
  [('行政复议3件','cases.review',3),('维持2件','cases.review.upheld',2),('尚未审结1件','cases.review.pending',1),('行政诉讼1件','cases.litigation',1)])
w('w-cases-number-first', '全年共有2起因政府信息公开引起的行政复议案件，均已审结。',
  [('2起因政府信息公开引起的行政复议','cases.review',2)])
w('w-docs', '2022年，我县制发规范性文件88件，废止规范性文件12件，截至年底现行有效规范性文件698件。',
  [('制发规范性文件88件','docs.normative.issued',88),('废止规范性文件12件','docs.normative.abolished',12),('现行有效规范性文件698件','docs.normative.in_force',698)])
w('w-docs-2', '全年印发行政规范性文件5件，均按规定进行合法性审查并及时公开。',
  [('印发行政规范性文件5件','docs.normative.issued',5)])
w('w-docs-traps', '全年审核规范性文件23件，备案规范性文件10件；修订完善内部规章制度6件；发布政策解读材料15篇。',
  [], [('审核规范性文件23件','reviewed for legality, not issued'),('备案规范性文件10件','filed, not issued'),('规章制度6件','internal rules, not 规章'),('政策解读材料15篇','articles')])
w('w-regulations', '本年度市政府制定政府规章3件，废止规章1件。',
  [('制定政府规章3件','docs.regulations.issued',3),('废止规章1件','docs.regulations.abolished',1)])
w('w-decisions', '全年共作出行政许可决定1286件，作出行政处罚决定352件，作出行政强制决定17件。',
  [('行政许可决定1286件','decisions.licensing',1286),('行政处罚决定352件','decisions.punishment',352),('行政强制决定17件','decisions.enforcement',17)])
w('w-decisions-traps', '全年受理行政许可申请1300件，公示行政处罚信息420条，办理行政处罚案件36件，梳理行政许可事项128项。',
  [], [('受理行政许可申请1300件','applications for licences, not decisions'),('行政处罚信息420条','items'),
       ('行政处罚案件36件','cases opened, not decisions'),('行政许可事项128项','matters in the list')])
w('w-fees', '全年收取行政事业性收费共计56.78万元，均按规定公示收费项目和标准。',
  [('行政事业性收费共计56.78万元','fees',56.78)])
w('w-fees-yuan', '本年度行政事业性收费金额为123400元。',
  [('行政事业性收费金额为123400元','fees',12.34)])
w('w-processing-fee', '本年度共收取信息处理费200元。',
  [('信息处理费200元','processing_fee',0.02)])
w('w-processing-fee-none', '本年度未收取信息处理费。',
  [('未收取信息处理费','processing_fee',0)])
w('w-percent', '全年共办结政府信息公开申请40件，其中予以公开30件，占75%；部分公开4件，占10%；无法提供6件，占15%。',
  [('办结政府信息公开申请40件','handled',40),('予以公开30件','outcome.granted',30),('占75%','percent.granted/handled',75),
   ('部分公开4件','outcome.partial',4),('占10%','percent.partial/handled',10),('无法提供6件','outcome.unable',6),('占15%','percent.unable/handled',15)])
w('w-disclosure-rate', '全年共收到政府信息公开申请20件，全部按时答复，按时答复率100%，公开率达98%。',
  [('收到政府信息公开申请20件','received',20),('公开率达98%','percent.disclosure',98)],
  [('按时答复率100%','on-time replies: no column says so')])
w('w-percent-traps', '政府网站信息更新及时率100%，群众满意率达99.5%，政务公开考核得分较上年提高5.2%。',
  [], [('及时率100%','website updates'),('满意率达99.5%','satisfaction'),('提高5.2%','a change')])
w('w-items', '全年在政府门户网站主动公开政府信息161条，通过政务微博发布信息320条，政务微信推送信息88篇。',
  [], [('主动公开政府信息161条','items, not applications'),('政务微博发布信息320条','posts'),('推送信息88篇','posts')])
w('w-meetings', '全年召开政务公开专题会议4次，举办业务培训班3期，培训人员120人次，接待群众咨询45件。',
  [], [('专题会议4次','meetings'),('培训班3期','trainings'),('120人次','people'),('群众咨询45件','enquiries, not applications')])
w('w-lastyear', '上年度共收到政府信息公开申请9件，本年度收到申请11件，同比增长22.2%。',
  [('本年度收到申请11件','received',11)],
  [('上年度共收到政府信息公开申请9件','last year\'s figure'),('同比增长22.2%','a change')])
w('w-approx', '近年来我局累计收到政府信息公开申请1000余件，今年约收到50件。',
  [], [('1000余件','approximate, several years'),('约收到50件','approximate')])
w('w-plan', '下一步，计划制发规范性文件5件，力争办结率达到100%。',
  [], [('计划制发规范性文件5件','a plan'),('办结率达到100%','a target')])
w('w-parts', '全市各级行政机关共收到政府信息公开申请3200件，其中市级部门收到1200件，各区收到2000件。',
  [('收到政府信息公开申请3200件','received',3200)],
  [('市级部门收到1200件','a part of the body'),('各区收到2000件','a part of the body')])
w('w-phrases', '一件事一次办改革持续深化，群众办成一件事平均跑动次数减少至0.3次，我们与企业一起解决问题。',
  [], [('一件事','a phrase, not a count'),('一起','a phrase, not a case')])
w('w-ordinal-range', '这是连续第3年开展政务公开日活动，每次活动收集意见3至5件。',
  [], [('第3年','an ordinal'),('3至5件','a range')])
w('w-year', '2023年，本机关共收到政府信息公开申请6件，均在法定期限内答复。',
  [('收到政府信息公开申请6件','received',6)])
w('w-carry', '本年度新收政府信息公开申请27件，加上上年度结转的2件，共办理29件，已全部办结。',
  [('新收政府信息公开申请27件','received',27),('上年度结转的2件','carried_over',2),('共办理29件','handled',29)],
  [('已全部办结','a claim without a number')])
w('w-applicants', '收到的申请中，自然人提出21件，商业企业提出3件，科研机构提出1件，法律服务机构提出2件。',
  [('自然人提出21件','received.natural_person',21),('商业企业提出3件','received.commercial',3),('科研机构提出1件','received.research',1),('法律服务机构提出2件','received.legal_service',2)])
w('w-outcomes-other', '在办结的申请中，不予公开3件，不予处理2件，其他处理1件。',
  [('不予公开3件','outcome.denied',3),('不予处理2件','outcome.rejected',2),('其他处理1件','outcome.other_handling',1)])
w('w-books', '组织学习《政府信息公开条例》等5件法规文件，编印《依申请公开工作手册（2023年版）》200份。',
  [], [('等5件法规文件','a list of named texts'),('200份','copies printed')])
w('w-licence-count', '本年度办理行政许可12件，均在门户网站公示。',
  [('办理行政许可12件','decisions.licensing',12)])
w('w-inforce-2', '经全面清理，我区现行有效的行政规范性文件共计41件，宣布失效3件。',
  [('现行有效的行政规范性文件共计41件','docs.normative.in_force',41),('宣布失效3件','docs.normative.abolished',3)])
w('w-requests-total', '本年度政府信息公开申请数量为9件，全部予以答复。',
  [('政府信息公开申请数量为9件','received',9)])
w('w-none-after', '本年度行政复议、行政诉讼情况均为零。',
  [('行政复议、行政诉讼情况均为零','cases.all',0)])
w('w-correction', '全年发生政府信息公开类行政复议案件10件，被纠错2件，纠错率20%。',
  [('行政复议案件10件','cases.review',10),('被纠错2件','cases.review.corrected',2),('纠错率20%','percent.correction.review',20)])


# ---------------- held out: written after the extractor, scored once before changing it ------
H="written in the style of real reports, held out: scored once before the extractor was changed for it"
def h(id, text, facts=(), traps=(), unsupported=()):
    case(id, H, text, facts, traps, unsupported)
h('h-channels', '本年度，我委共受理政府信息公开申请37件，其中当面申请5件、网络申请29件、信函申请3件。',
  [('受理政府信息公开申请37件','received',37)],
  [('当面申请5件','a channel, not a table column'),('网络申请29件','a channel'),('信函申请3件','a channel')])
h('h-carry-year', '截至2023年12月31日，已办结政府信息公开申请36件，1件因需征求第三方意见延期答复，结转至2024年办理。',
  [('办结政府信息公开申请36件','handled',36)],
  [('1件因需征求第三方意见','the carry-forward is said, but as 结转至2024年: counted as missed below')],
  [('结转至2024年办理','carried_forward',1)])
h('h-none-cases', '全年未发生因政府信息公开工作引起的行政复议和行政诉讼。',
  [('未发生因政府信息公开工作引起的行政复议和行政诉讼','cases.all',0)])
h('h-litigation', '2023年共发生政府信息公开行政诉讼案件3件，其中一审判决维持2件，尚在审理中1件。',
  [('政府信息公开行政诉讼案件3件','cases.litigation',3)],
  [('一审判决维持2件','first-instance judgements'),('尚在审理中1件','pending, but of the first instance only')])
h('h-docs-published', '本年度主动公开行政规范性文件12件，均同步发布政策解读。',
  [('主动公开行政规范性文件12件','docs.normative.published',12)])
h('h-cleanup', '清理现行规范性文件45件，其中继续有效40件，废止5件。',
  [], [('清理现行规范性文件45件','documents reviewed')],
  [('继续有效40件','docs.normative.in_force',40),('废止5件','docs.normative.abolished',5)])
h('h-fees-yi', '全年共收取行政事业性收费1.2亿元。',
  [('行政事业性收费1.2亿元','fees',12000)])
h('h-no-charge', '本年度依申请公开工作中，未收取任何费用。',
  [('未收取任何费用','processing_fee',0)])
h('h-services', '全年政务服务中心共受理各类行政审批事项2.3万件，办结率100%。',
  [], [('2.3万件','services'),('办结率100%','services')])
h('h-time-limit', '收到政府信息公开申请后，我局严格在20个工作日内答复。',
  [], [('20个工作日','a time limit')])
h('h-eight', '全年接收政府信息公开申请共计八件，均已办结。',
  [('接收政府信息公开申请共计八件','received',8)])
h('h-citizens', '全年共收到政府信息公开申请8件。其中，按申请人类型分：公民申请6件，企业申请2件。',
  [('收到政府信息公开申请8件','received',8),('公民申请6件','received.natural_person',6),('企业申请2件','received.commercial',2)])
h('h-carried', '上年度结转的3件申请已于今年1月全部办结。',
  [('上年度结转的3件','carried_over',3)])
h('h-proposals', '全年办理人大代表建议和政协委员提案共56件。',
  [], [('提案共56件','proposals')])
h('h-denied', '全年共收到政府信息公开申请11件。共作出不予公开答复2件，主要涉及第三方合法权益。',
  [('收到政府信息公开申请11件','received',11),('不予公开答复2件','outcome.denied',2)])
h('h-rates', '依申请公开办理按时答复率达到100%，群众满意度98%。',
  [], [('按时答复率达到100%','on time'),('满意度98%','satisfaction')])
h('h-zero-count', '行政复议、行政诉讼案件均为0件。',
  [('行政复议、行政诉讼案件均为0件','cases.all',0)])
h('h-no-regulations', '本单位无规章制定权，本年度未制发规章。',
  [], [('无规章制定权','no power to make rules')],
  [('未制发规章','docs.regulations.issued',0)])
h('h-visits', '全年共接到群众来电来访咨询政府信息公开事项30余人次。',
  [], [('30余人次','enquiries')])
h('h-matters', '2022年度共有5件依申请公开事项，较2021年减少2件。',
  [('5件依申请公开事项','received',5)], [('较2021年减少2件','a change')])
h('h-third-party', '处理政府信息公开申请过程中，涉及第三方的申请2件，已依法征求第三方意见。',
  [], [('涉及第三方的申请2件','a subset of the applications')])

# ---------------- held out, second round (written after the first round's changes) ----------
def h2(id, text, facts=(), traps=(), unsupported=()):
    case(id, H, text, facts, traps, unsupported)
h2('h2-rise', '今年共受理依申请公开12件，同比上升20%，申请内容集中在规划、征收等领域。',
  [('受理依申请公开12件','received',12)], [('同比上升20%','a change')])
h2('h2-total', '依申请公开方面：申请总数4件，全部按期答复。',
  [], [], [('申请总数4件','received',4)])
h2('h2-channels', '全年共受理政府信息公开申请３件（其中：网上申请２件，信函申请１件），均已按时答复。',
  [('受理政府信息公开申请３件','received',3)], [('网上申请２件','a channel'),('信函申请１件','a channel')])
h2('h2-none', '本年度无行政复议、行政诉讼情况。',
  [('无行政复议、行政诉讼','cases.all',0)])
h2('h2-county-docs', '我县2023年度共制定印发县政府规范性文件9件，部门规范性文件14件。',
  [('印发县政府规范性文件9件','docs.normative.issued',9)], [('部门规范性文件14件','documents of the departments, not of the body')])
h2('h2-handled-who', '全年办理依申请公开件15件，其中自然人13件、法人2件。',
  [('办理依申请公开件15件','handled',15),('自然人13件','handled.natural_person',13)], [],
  [('法人2件','handled.organisations',2)])
h2('h2-all-done', '截止12月底，我局共收到政府信息公开申请18件，已全部办结，无行政复议和诉讼案件。',
  [('收到政府信息公开申请18件','received',18),('无行政复议和诉讼','cases.all',0)])
h2('h2-fee-zero', '本年度收取信息公开处理费0元。',
  [('处理费0元','processing_fee',0)])
h2('h2-rates', '各类行政处罚案件办结率达100%，行政许可按时办结率100%。',
  [], [('办结率达100%','cases of punishment'),('按时办结率100%','licences on time')])
h2('h2-training', '2023年我街道共计开展政务公开培训2场次，参训人员达60余人。',
  [], [('培训2场次','trainings'),('60余人','people')])
h2('h2-two', '共收到政府信息公开申请两件，均为自然人申请，予以公开一件，不予公开一件。',
  [('收到政府信息公开申请两件','received',2),('予以公开一件','outcome.granted',1),('不予公开一件','outcome.denied',1)],
  [('均为自然人申请','no number stated')])
h2('h2-new', '全年新增政府信息公开申请5件。',
  [], [], [('新增政府信息公开申请5件','received',5)])
h2('h2-upheld', '复议机关作出维持决定1件。',
  [('复议机关作出维持决定1件','cases.review.upheld',1)])

json.dump(cases, open(sys.argv[1],'w',encoding='utf-8'), ensure_ascii=False, indent=1)
nf=sum(len(c['facts']) for c in cases); nu=sum(len(c['unsupported']) for c in cases); nt=sum(len(c['traps']) for c in cases)
nr=sum(len(c['facts'])+len(c['unsupported'])+len(c['traps']) for c in cases if c['source'].startswith('real'))
print(len(cases),'cases; facts',nf,'unsupported',nu,'traps',nt,'total',nf+nu+nt,'real statements',nr)
