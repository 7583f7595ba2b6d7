<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="SiteName" content="郑州市金水区人民政府">
<meta name="SiteDomain" content="www.jinshui.gov.cn">
<meta name="SiteIDCode" content="4101050001">
<meta name="ArticleTitle" content="郑州市金水区教育局2022年政府信息公开工作年度报告">
<meta name="PubDate" content="2023-01-13 16:05">
<meta name="ContentSource" content="郑州市金水区教育局">
<meta name="ColumnName" content="政府信息公开年度报告">
<title>郑州市金水区教育局2022年政府信息公开工作年度报告</title>
</head>
<body>
<div class="header"><a href="/"><img src="/images/logo.png" alt="郑州市金水区人民政府"></a>
<span class="site-name">郑州市金水区人民政府</span></div>
<div class="main">
<form method="post" action="./Detail.aspx" id="form1"><input type="hidden" name="__VIEWSTATE" value="rDRtW8m5F31pZoCoLjZdyilqITmkS2q2OIoEGbNKbCWsNG1bybkXfWlmgKguNl3KKWohOaRLarY4igQZs0psJQ==" /><table class="xxgk-meta"><tr><td>索引号：</td><td>410105-2023-61002</td><td>发布机构：</td><td>郑州市金水区教育局</td></tr><tr><td>成文日期：</td><td>2023-01-02</td><td>发布日期：</td><td>2023-01-13</td></tr></table><h1>郑州市金水区教育局2022年政府信息公开工作年度报告</h1><div id="content" class="content"><p style="text-align:center"><strong>郑州市金水区教育局2022年政府信息公开工作年度报告</strong></p>
<h3>一、总体情况</h3>
<p style="text-indent:2em">2022年，郑州市金水区教育局坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》和上级关于政务公开工作的部署要求，坚持“以公开为常态、不公开为例外”，扎实推进政务公开各项工作。</p>
<p style="text-indent:2em">（一）主动公开情况。全年主动公开政府信息1858条，其中通过政府门户网站公开1087条。及时发布政策文件及解读、财政预决算、人事任免等信息。</p>
<p style="text-indent:2em">（二）依申请公开情况。全年新收政府信息公开申请17件，办结17件，结转下年度继续办理2件。</p>
<p style="text-indent:2em">（三）政府信息管理情况。严格落实信息发布“三审三校”制度，开展公开属性认定和保密审查。</p>
<p style="text-indent:2em">（四）政府信息公开平台建设情况。优化政府网站信息公开专栏，完成政务新媒体备案和常态化巡查。</p>
<p style="text-indent:2em">（五）监督保障情况。开展政务公开业务培训，建立工作台账，按时报送政府信息公开统计数据。</p>
<h3>二、主动公开政府信息情况</h3>
<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%">
<tbody>
<tr>
<th colspan="4" style="text-align:center"><p>第二十条第(一)项</p></th>
</tr>
<tr>
<th style="text-align:center"><p>信息内容</p></th>
<th style="text-align:center"><p>本年制发件数</p></th>
<th style="text-align:center"><p>本年废止件数</p></th>
<th style="text-align:center"><p>现行有效件数</p></th>
</tr>
<tr>
<th style="text-align:center"><p>规章</p></th>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
</tr>
<tr>
<th style="text-align:center"><p>行政规范性文件</p></th>
<td style="text-align:center"><p>6</p></td>
<td style="text-align:center"><p>1</p></td>
<td style="text-align:center"><p>42</p></td>
</tr>
<tr>
<th colspan="4" style="text-align:center"><p>第二十条第(五)项</p></th>
</tr>
<tr>
<th style="text-align:center"><p>信息内容</p></th>
<th colspan="3" style="text-align:center"><p>本年处理决定数量</p></th>
</tr>
<tr>
<th style="text-align:center"><p>行政许可</p></th>
<td colspan="3" style="text-align:center"><p>89</p></td>
</tr>
<tr>
<th colspan="4" style="text-align:center"><p>第二十条第(六)项</p></th>
</tr>
<tr>
<th style="text-align:center"><p>信息内容</p></th>
<th colspan="3" style="text-align:center"><p>本年处理决定数量</p></th>
</tr>
<tr>
<th style="text-align:center"><p>行政处罚</p></th>
<td colspan="3" style="text-align:center"><p>0</p></td>
</tr>
<tr>
<th style="text-align:center"><p>行政强制</p></th>
<td colspan="3" style="text-align:center"><p>0</p></td>
</tr>
<tr>
<th colspan="4" style="text-align:center"><p>第二十条第(八)项</p></th>
</tr>
<tr>
<th style="text-align:center"><p>信息内容</p></th>
<th colspan="3" style="text-align:left"><p>本年收费金额(单位：万元)</p></th>
</tr>
<tr>
<th style="text-align:center"><p>行政事业性收费</p></th>
<td colspan="3" style="text-align:center"><p>0</p></td>
</tr>
</tbody>
</table>
<h3>三、收到和处理政府信息公开申请情况</h3>
<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%">
<tbody>
<tr>
<th rowspan="3" colspan="3" style="text-align:left"><p>(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)</p></th>
<th colspan="7" style="text-align:center"><p>申请人情况</p></th>
</tr>
<tr>
<th rowspan="2" style="text-align:center"><p>自然人</p></th>
<th colspan="5" style="text-align:center"><p>法人或其他组织</p></th>
<th rowspan="2" style="text-align:center"><p>总计</p></th>
</tr>
<tr>
<th style="text-align:center"><p>商业企业</p></th>
<th style="text-align:center"><p>科研机构</p></th>
<th style="text-align:center"><p>社会公益组织</p></th>
<th style="text-align:center"><p>法律服务机构</p></th>
<th style="text-align:center"><p>其他</p></th>
</tr>
<tr>
<th colspan="3" style="text-align:left"><p>一、本年新收政府信息公开申请数量</p></th>
<td style="text-align:center"><p>17</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>17</p></td>
</tr>
<tr>
<th colspan="3" style="text-align:left"><p>二、上年结转政府信息公开申请数量</p></th>
<td style="text-align:center"><p>1</p></td>
<td style="text-align:center"><p>1</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>2</p></td>
</tr>
<tr>
<th rowspan="22" style="text-align:center"><p>三、本年度办理结果</p></th>
<th colspan="2" style="text-align:center"><p>(一)予以公开</p></th>
<td style="text-align:center"><p>10</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>10</p></td>
</tr>
<tr>
<th colspan="2" style="text-align:left"><p>(二)部分公开(区分处理的，只计这一情形，不计其他情形)</p></th>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
</tr>
<tr>
<th rowspan="8" style="text-align:center"><p>(三)不予公开</p></th>
<th style="text-align:center"><p>1.属于国家秘密</p></th>
<td style="text-align:center"><p>1</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>1</p></td>
</tr>
<tr>
<th style="text-align:left"><p>2.其他法律行政法规禁止公开</p></th>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
</tr>
<tr>
<th style="text-align:left"><p>3.危及“三安全一稳定”</p></th>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
</tr>
<tr>
<th style="text-align:center"><p>4.保护第三方合法权益</p></th>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
</tr>
<tr>
<th style="text-align:left"><p>5.属于三类内部事务信息</p></th>
<td style="text-align:center"><p>1</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>1</p></td>
</tr>
<tr>
<th style="text-align:center"><p>6.属于四类过程性信息</p></th>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
</tr>
<tr>
<th style="text-align:center"><p>7.属于行政执法案卷</p></th>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
</tr>
<tr>
<th style="text-align:center"><p>8.属于行政查询事项</p></th>
<td style="text-align:center"><p>1</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>1</p></td>
</tr>
<tr>
<th rowspan="3" style="text-align:center"><p>(四)无法提供</p></th>
<th style="text-align:left"><p>1.本机关不掌握相关政府信息</p></th>
<td style="text-align:center"><p>3</p></td>
<td style="text-align:center"><p>1</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>4</p></td>
</tr>
<tr>
<th style="text-align:left"><p>2.没有现成信息需要另行制作</p></th>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
</tr>
<tr>
<th style="text-align:left"><p>3.补正后申请内容仍不明确</p></th>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
</tr>
<tr>
<th rowspan="5" style="text-align:center"><p>(五)不予处理</p></th>
<th style="text-align:center"><p>1.信访举报投诉类申请</p></th>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
</tr>
<tr>
<th style="text-align:center"><p>2.重复申请</p></th>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
</tr>
<tr>
<th style="text-align:center"><p>3.要求提供公开出版物</p></th>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
</tr>
<tr>
<th style="text-align:left"><p>4.无正当理由大量反复申请</p></th>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
</tr>
<tr>
<th style="text-align:left"><p>5.要求行政机关确认或重新出具已获取信息</p></th>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
</tr>
<tr>
<th rowspan="3" style="text-align:center"><p>(六)其他处理</p></th>
<th style="text-align:left"><p>1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请</p></th>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
</tr>
<tr>
<th style="text-align:left"><p>2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请</p></th>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
</tr>
<tr>
<th style="text-align:center"><p>3.其他</p></th>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
</tr>
<tr>
<th colspan="2" style="text-align:center"><p>(七)总计</p></th>
<td style="text-align:center"><p>16</p></td>
<td style="text-align:center"><p>1</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>17</p></td>
</tr>
<tr>
<th colspan="3" style="text-align:center"><p>四、结转下年度继续办理</p></th>
<td style="text-align:center"><p>2</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>2</p></td>
</tr>
</tbody>
</table>
<h3>四、政府信息公开行政复议、行政诉讼情况</h3>
<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%">
<tbody>
<tr>
<th colspan="5" style="text-align:center"><p>行政复议</p></th>
<th colspan="10" style="text-align:center"><p>行政诉讼</p></th>
</tr>
<tr>
<th rowspan="2" style="text-align:center"><p>结果维持</p></th>
<th rowspan="2" style="text-align:center"><p>结果纠正</p></th>
<th rowspan="2" style="text-align:center"><p>其他结果</p></th>
<th rowspan="2" style="text-align:center"><p>尚未审结</p></th>
<th rowspan="2" style="text-align:center"><p>总计</p></th>
<th colspan="5" style="text-align:center"><p>未经复议直接起诉</p></th>
<th colspan="5" style="text-align:center"><p>复议后起诉</p></th>
</tr>
<tr>
<th style="text-align:center"><p>结果维持</p></th>
<th style="text-align:center"><p>结果纠正</p></th>
<th style="text-align:center"><p>其他结果</p></th>
<th style="text-align:center"><p>尚未审结</p></th>
<th style="text-align:center"><p>总计</p></th>
<th style="text-align:center"><p>结果维持</p></th>
<th style="text-align:center"><p>结果纠正</p></th>
<th style="text-align:center"><p>其他结果</p></th>
<th style="text-align:center"><p>尚未审结</p></th>
<th style="text-align:center"><p>总计</p></th>
</tr>
<tr>
<td style="text-align:center"><p>1</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>1</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>1</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>0</p></td>
<td style="text-align:center"><p>1</p></td>
</tr>
</tbody>
</table>
<h3>五、存在的主要问题及改进情况</h3>
<p style="text-indent:2em">政务公开工作仍存在一些不足：一是政策解读形式较为单一，图解、视频等多样化解读偏少；二是信息公开的及时性和规范性有待提升。下一步，我们将加强政策解读，丰富解读形式，完善信息发布审核机制，进一步提升政务公开工作水平。</p>
<h3>六、其他需要报告的事项</h3>
<p style="text-indent:2em">本年度未收取信息处理费。</p>
<p style="text-align:right">郑州市金水区教育局</p>
<p style="text-align:right">2023年1月26日</p>
</div></form>
</div>
<div class="footer"><p>主办：郑州市金水区人民政府办公室　网站标识码：4101050001</p>
<p><a href="http://www.gov.cn/" target="_blank">中国政府网</a></p></div>
</body>
</html>
