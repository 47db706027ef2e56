# bulletin import（src/import/）。
import-like-not-bulletin = { $dir } 是草稿，或不是通报
import-like-not-bulletin-help = --like 指上一期通报的文件夹，如 content/2025/06-units
import-failed = 导入失败：{ $count }个错误；未写入任何文件
import-read-as = 已按 { $encoding } 编码读取 { $file }
import-read-as-bom = 已按带 BOM 的 UTF-8 编码读取 { $file }
import-into-taken = { $dir } 中已有通报
import-into-taken-help = 请导入到新文件夹，或加 --force 覆盖其中的 scores.yaml（index.md 保留）
import-no-header = 没有表头行：没有写着“单位名称”或“姓名”的单元格
import-no-header-help = 表头行中要有单位列（单位名称）或人员列（姓名）
import-no-sheet = { $file } 中没有名为“{ $sheet }”的工作表
import-sheets-are = 工作表有：{ $sheets }
import-no-header-sheet = { $file } 中没有带表头行的工作表
import-no-header-sheet-help = 表头行中要有单位列（单位名称）或人员列（姓名），每个指标一列
import-people-needs-like = 个人考核通报要用 --like 导入
import-people-needs-like-help = 人员所在单位及各单位总人数取自上一期通报：请加 --like DIR
import-ids-file = { $file } 不是每行一条“NAME: ID”的列表
import-ids-file-help = 每个名称写一行，如 高新技术产业园: gaoxin-park
import-ids-file-entry = { $file }：{ $problem }
import-period-invalid = “{ $value }”不是考核期
import-period-invalid-help = 请写 2025-07（月）、2025-Q3、2025-H2 或 2025
import-period-unknown = 第一期通报的考核期未知
import-period-unknown-help = 请加 --period 2025-07（或用 --like 指定上一期通报）
import-unit-unknown = “{ $name }”不是通报中的单位
import-did-you-mean = 是不是“{ $name }”？
import-unit-unknown-help = 导入后请把该单位及其总人数加到 { $like }/scores.yaml 的 `units:` 中，或改正名称
import-no-unit = “{ $name }”没有所在单位
import-no-unit-help = 请填写“所在单位”列
import-cannot-write = 无法写入 { $dir }：{ $reason }
import-wrote-units = 已写入 { $dir }/scores.yaml：{ $count }个单位，{ $categories }个类别
import-wrote-units-index = { import-wrote-units }，以及 index.md（请撰写正文）
import-wrote-people = 已写入 { $dir }/scores.yaml：{ $count }人，{ $categories }个类别
import-wrote-people-index = { import-wrote-people }，以及 index.md（请撰写正文）
import-reasons-to-fill = 有{ $count }条加分或扣分理由写为“待填写”（填写之前 check 和 build 都不会通过）：表中只给了分值没有理由；扣分日期记为考核期最后一天 { $last_day }
import-rules-copied = 绩效标兵和等次规则沿用了 --like 的设置：请核对本期的推荐名单（nominations）和并列排序（tie_break）
import-next = 下一步：bulletin check
import-not-a-number = “{ $value }”不是数字：{ $reason }
import-not-a-number-help = 请用数字填写得分，如 85 或 85.5（全角数字和末尾的“分”也能识别）
import-no-name-column-people = 没有人员列（姓名）
import-no-name-column-units = 没有单位列（单位名称）
import-headers-are = 找到的表头有：{ $headers }
import-category-row-unknown = “{ $text }”像是类别行，但不是通报中的类别
import-categories-are = 类别有：{ $categories }
import-row-no-name = 有得分的一行没有名称
import-row-no-name-help = 请填写这一行的“{ $column }”，或删去这一行
import-category-unknown = “{ $text }”不是通报中的类别
import-category-did-you-mean = 是不是“{ $name }”？类别有：{ $categories }
import-category-untold = 无法判断“{ $name }”所属的类别
import-category-untold-help = 请按类别命名工作表，或添加“类别”列，或在每个类别的各行之前加一行，如“一、{ $example }”；类别有：{ $categories }
import-indicator-column-missing = 没有类别“{ $category }”的指标“{ $indicator }”这一列
import-indicator-column-close = 最接近的是“{ $column }”列，请改名为“{ $indicator }”。找到的表头有：{ $headers }
import-indicator-column-add = 请添加“{ $indicator }”列；找到的表头有：{ $headers }
import-weight-differs = 表头中指标“{ $indicator }”的权重为{ $weight }，通报中为{ $expected }
import-weight-differs-help = 请改正表头；如果考核办法改了，请在导入后修改 scores.yaml 中“{ $indicator }”的权重
import-score-missing = “{ $name }”缺少指标“{ $indicator }”的得分
import-score-missing-help = 类别的每个指标都需要得分；得分为0请写0
import-place-invalid = “{ $value }”不是名次
import-place-invalid-help = 名次请写数字（3）或“并列3”
import-column-not-indicator = “{ $column }”列不是通报中的指标
import-column-did-you-mean = 是不是“{ $name }”？请改正表头，或删去这一列
import-indicators-are = 指标有：{ $indicators }；请改正表头，或删去这一列
import-kind-unknown = 无法判断 { $file } 是哪种电子表格
import-kind-unknown-help = 可导入 .xlsx、.xls、.ods 和 .csv 文件：请把表格另存为其中一种
import-cannot-read = 无法读取 { $file }
import-cannot-read-help = 请检查它是否为电子表格、是否在别处打开而被锁定；可用 Excel、WPS 或 LibreOffice 重新保存
import-cannot-read-sheet = 无法读取 { $file } 的工作表“{ $sheet }”
import-cannot-read-sheet-help = 请用 Excel、WPS 或 LibreOffice 重新保存该文件
import-csv-invalid = { $file } 不是格式正确的 CSV 文件
import-csv-invalid-help = 请检查这一行的引号：含逗号或引号的字段应写成 "like ""this"", with commas" 的样子
import-id-invalid = “{ $id }”不能作为 id
import-id-invalid-help = id 只能用 a–z、0–9、`-` 和 `_`，如 gaoxin-park
import-renamed = “{ $name }”是新名称；与 { $source } 中的“{ $former }”（{ $id }）相近：是否改了名？
import-renamed-unit-help = 如果是同一单位改名，请沿用其 id：--id '{ $name }={ $id }'；如果是新单位，请给新 id：--id '{ $name }=NEW-ID'（名称较多时可写在文件中用 --ids）
import-renamed-person-help = 如果是同一人改名，请沿用其 id：--id '{ $name }={ $id }'；如果是新人员，请给新 id：--id '{ $name }=NEW-ID'（名称较多时可写在文件中用 --ids）
import-new-id = “{ $name }”是新名称：已分配 id { $id }
import-new-name = “{ $name }”是新名称：本系列以往各期都没有
import-new-unit-help = 请给新单位指定 id：--id '{ $name }=NEW-ID'，或加 --new-ids 为所有新名称依次编号
import-new-person-help = 请给新人员指定 id：--id '{ $name }=NEW-ID'，或加 --new-ids 为所有新名称依次编号
import-id-shared = “{ $first }”和“{ $second }”会得到同一个 id { $id }
import-id-shared-help = 表中每个单位或人员只列一次：请用 --id 'NAME=ID' 给其中一个另设 id
import-id-flag-shape = “{ $text }”不是 NAME=ID 的写法
import-id-flag-invalid = “{ $id }”不能作为 id：只能用 a–z、0–9、`-` 和 `_`
import-total-differs = “{ $name }”：表中总分为{ $sheet }，计算结果为 { $computed } = { $working }
import-total-trusted-help = 已使用 --trust-sheet-totals：按表中总分写为 `total:` 发布
import-total-differs-help = 请改正这个单元格（或构成它的各项得分）；如要按表中总分原样发布，请加 --trust-sheet-totals
import-place-differs = “{ $name }”：表中名次为{ $sheet }，按“{ $category }”计算为{ $computed }（总分{ $total }）
import-place-differs-help = 名次按类别内公布的总分计算；总分相同名次并列，下一名次顺延（1、2、2、4）。请改正单元格，或删去“排名”列
import-template-cannot-write = 无法写入 { $file }
import-template-cannot-write-help = 请检查文件夹是否存在、文件是否在 Excel 或 WPS 中打开
import-template-wrote-units = 已写入 { $file }：{ $sheets }个工作表，{ $like } 的{ $count }个单位；填好得分后用 --like { $like } 导入
import-template-wrote-people = 已写入 { $file }：{ $sheets }个工作表，{ $like } 的{ $count }人；填好得分后用 --like { $like } 导入

# Issue 27: every problem in one run, typos, what is left to fill in.
import-name-typo = “{ $name }”不是 { $source } 中的名称，其中的“{ $former }”（{ $id }）与它只差{ $count ->
    [1] 一个
   *[other] 两个
}字：是否笔误？
import-name-typo-help =
    1. { $cell }：“{ $name }”与上期“{ $former }”只差{ $count ->
        [1] 一个
       *[other] 两个
    }字，如是笔误请改正表格后重新导入
    2. 如果是“{ $former }”改名为“{ $name }”，请沿用其 id：--id '{ $name }={ $id }'
    3. 如果“{ $name }”是新单位，请给新 id：--id '{ $name }=NEW-ID'
import-rename-near = “{ $name }”沿用“{ $former }”（{ $id }）的 id，两者只差一两个字：页面上将显示为改名（原名{ $former }）
import-rename-near-help = 如果“{ $name }”是笔误，请改正表格 { $cell }，不要用 --id
import-published-to-fill = index.md 的 published 写为“待填写”：发布前请填写发布日期，或导入时加 --published YYYY-MM-DD
